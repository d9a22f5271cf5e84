import type { Reading } from './reading';
import { SameTimeReadings } from './same-time';

const T = Date.parse('2026-11-30T03:00:00Z');
const reading = (values: Record<string, number>, time = T, status: Reading['status'] = {}): Reading => ({
  cluster: 'phong-khe',
  kind: 'wastewater',
  station: 'pk-ww-01',
  time,
  values,
  status: { ...Object.fromEntries(Object.keys(values).map((k) => [k, '00' as const])), ...status },
});

/** Runs one reading through the rule as the ingester does: check, then remember what is kept. */
function through(rule: SameTimeReadings, r: Reading) {
  const verdict = rule.check(r);
  if (verdict.reading) rule.remember(verdict.reading);
  return verdict;
}

describe('SameTimeReadings (issue 15, item 6: one rule for same-millisecond readings)', () => {
  it('keeps the first value of a millisecond and refuses another one', () => {
    const rule = new SameTimeReadings();
    expect(through(rule, reading({ COD: 85.5 })).reading?.values).toEqual({ COD: 85.5 });
    const second = through(rule, reading({ COD: 120.5 }));
    expect(second.reading).toBeUndefined();
    expect(second.duplicate).toBe(false);
    expect(second.conflicts.map((c) => [c.parameter, c.reason])).toEqual([['COD', 'same_time_conflict']]);
  });

  it('takes the same values again as an idempotent duplicate', () => {
    const rule = new SameTimeReadings();
    through(rule, reading({ COD: 85.5, pH: 7.1 }));
    expect(through(rule, reading({ COD: 85.5, pH: 7.1 }))).toEqual({ conflicts: [], duplicate: true });
  });

  it('refuses another status for the same value, keeps a new parameter, and judges other times apart', () => {
    const rule = new SameTimeReadings();
    through(rule, reading({ COD: 85.5 }));
    const mixed = through(rule, reading({ COD: 85.5, TSS: 40.5 }, T, { COD: '01' }));
    expect(mixed.reading?.values).toEqual({ TSS: 40.5 });
    expect(mixed.conflicts.map((c) => c.parameter)).toEqual(['COD']);
    expect(through(rule, reading({ COD: 99.5 }, T + 1)).reading?.values).toEqual({ COD: 99.5 });
  });

  it('remembers a bounded number of times per station, and forgets a reading that could not be stored', () => {
    const rule = new SameTimeReadings(2);
    through(rule, reading({ COD: 1.5 }, T));
    through(rule, reading({ COD: 2.5 }, T + 1));
    through(rule, reading({ COD: 3.5 }, T + 2));
    // T was evicted: a different value there is judged as new.
    expect(rule.check(reading({ COD: 9.5 }, T)).conflicts).toEqual([]);
    expect(rule.check(reading({ COD: 9.5 }, T + 2)).conflicts).toHaveLength(1);
    rule.forget(reading({ COD: 3.5 }, T + 2));
    expect(rule.check(reading({ COD: 9.5 }, T + 2)).conflicts).toEqual([]);
  });
});
