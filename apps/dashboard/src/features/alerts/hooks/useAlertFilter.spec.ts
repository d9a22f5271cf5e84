import { describe, expect, it } from 'vitest';
import { alert } from '../../../testing/fixtures';
import { matchesAlertFilters, readAlertFilters } from './useAlertFilter';

describe('alert filters', () => {
  it('reads the URL, unknown values meaning all', () => {
    expect(readAlertFilters(new URLSearchParams('state=open&severity=warning&cluster=da-hoi'))).toEqual({
      state: 'open',
      severity: 'warning',
      cluster: 'da-hoi',
      station: null,
    });
    expect(readAlertFilters(new URLSearchParams('state=bogus&severity=loud'))).toMatchObject({ state: 'all', severity: 'all' });
  });

  it('matches by state (open = active or acknowledged), severity, cluster and station', () => {
    const all = readAlertFilters(new URLSearchParams());
    const acknowledged = alert({ state: 'acknowledged' });
    const resolved = alert({ state: 'resolved' });
    expect(matchesAlertFilters(acknowledged, { ...all, state: 'open' })).toBe(true);
    expect(matchesAlertFilters(resolved, { ...all, state: 'open' })).toBe(false);
    expect(matchesAlertFilters(acknowledged, { ...all, state: 'active' })).toBe(false);
    expect(matchesAlertFilters(alert({ severity: 'warning' }), { ...all, severity: 'critical' })).toBe(false);
    expect(matchesAlertFilters(alert(), { ...all, cluster: 'phong-khe', station: 'pk-ww-01' })).toBe(true);
    expect(matchesAlertFilters(alert(), { ...all, station: 'pk-ww-02' })).toBe(false);
    expect(matchesAlertFilters(alert(), { ...all, cluster: 'da-hoi' })).toBe(false);
  });
});
