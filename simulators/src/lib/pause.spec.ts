import { isPaused, parsePause } from './pause';

describe('parsePause', () => {
  it('reads station@from+duration in seconds', () => {
    expect(parsePause('pk-air-01@30+60')).toEqual({ station: 'pk-air-01', fromS: 30, durationS: 60 });
    expect(parsePause(' dh-ww-01@0.5+1.5 ')).toEqual({ station: 'dh-ww-01', fromS: 0.5, durationS: 1.5 });
  });

  it('refuses other shapes and empty pauses', () => {
    for (const bad of ['pk-air-01', 'pk-air-01@30', 'pk-air-01@-1+5', 'PK@1+2', '@1+2', 'pk-air-01@1+x']) {
      expect(() => parsePause(bad)).toThrow(RangeError);
    }
    expect(() => parsePause('pk-air-01@10+0')).toThrow(/> 0/);
  });
});

describe('isPaused', () => {
  const start = Date.parse('2026-11-29T03:00:00Z');
  const pauses = [parsePause('pk-air-01@30+60'), parsePause('pk-bin-01@0+10')];

  it('is true from the start of the pause (inclusive) to its end (exclusive), for that station only', () => {
    expect(isPaused(pauses, 'pk-air-01', start, start + 29_999)).toBe(false);
    expect(isPaused(pauses, 'pk-air-01', start, start + 30_000)).toBe(true);
    expect(isPaused(pauses, 'pk-air-01', start, start + 89_999)).toBe(true);
    expect(isPaused(pauses, 'pk-air-01', start, start + 90_000)).toBe(false);
    expect(isPaused(pauses, 'pk-air-02', start, start + 60_000)).toBe(false);
    expect(isPaused(pauses, 'pk-bin-01', start, start)).toBe(true);
  });

  it('is false without pauses', () => {
    expect(isPaused([], 'pk-air-01', start, start + 60_000)).toBe(false);
  });
});
