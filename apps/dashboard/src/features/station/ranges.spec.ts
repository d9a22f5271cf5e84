import { describe, expect, it } from 'vitest';
import { checkCustomRange, parseVietnamLocal, resolveRange, tickFor, toVietnamLocal } from './ranges';

const NOW = Date.parse('2026-11-29T03:00:00Z');

describe('resolveRange', () => {
  it('ends presets now, 30 days included', () => {
    expect(resolveRange({ choice: '30d' }, NOW)).toMatchObject({ from: NOW - 30 * 86_400_000, to: NOW, key: '30d', live: true });
  });

  it('keeps a custom range fixed, refreshed only while it reaches into the future', () => {
    const past = resolveRange({ choice: 'custom', from: NOW - 86_400_000, to: NOW - 3_600_000 }, NOW);
    expect(past).toMatchObject({ refreshMs: undefined, live: false, key: `custom:${NOW - 86_400_000}:${NOW - 3_600_000}` });
    expect(resolveRange({ choice: 'custom', from: NOW - 3_600_000, to: NOW + 3_600_000 }, NOW).live).toBe(true);
  });

  it('picks about 4–8 ticks', () => {
    expect(tickFor(6 * 3_600_000)).toBe(3_600_000);
    expect(tickFor(30 * 86_400_000)).toBe(5 * 86_400_000);
  });
});

describe('Vietnam local times', () => {
  it('reads datetime-local values as Vietnam time (UTC+7), and writes them back', () => {
    expect(parseVietnamLocal('2026-11-29T07:00')).toBe(Date.parse('2026-11-29T00:00:00Z'));
    expect(toVietnamLocal(Date.parse('2026-11-28T17:30:00Z'))).toBe('2026-11-29T00:30');
  });

  it('refuses impossible dates and other shapes', () => {
    expect(parseVietnamLocal('2026-02-30T10:00')).toBeUndefined();
    expect(parseVietnamLocal('2026-11-29 10:00')).toBeUndefined();
    expect(parseVietnamLocal('')).toBeUndefined();
  });

  it('checks a custom range: valid, ordered, at most 366 days', () => {
    expect(checkCustomRange('2026-11-28T00:00', '2026-11-29T00:00')).toMatchObject({ ok: true });
    expect(checkCustomRange('2026-11-29T00:00', '2026-11-28T00:00')).toEqual({ ok: false, error: 'order' });
    expect(checkCustomRange('2024-01-01T00:00', '2026-01-01T00:00')).toEqual({ ok: false, error: 'tooLong' });
    expect(checkCustomRange('x', '2026-01-01T00:00')).toEqual({ ok: false, error: 'invalid' });
  });
});
