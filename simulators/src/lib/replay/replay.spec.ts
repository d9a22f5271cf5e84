import { PlanBuilder } from './messages';
import { replaySchedule, summaryLines } from './replay';

const msg = (ts: string, v = 1) => ({ ts, values: { 'PM2.5': v }, status: '00' as const });

describe('replaySchedule', () => {
  it('spaces messages by data time / speed, gaps included', () => {
    const messages = [
      msg('2018-01-01T01:00:00'),
      msg('2018-01-01T02:00:00'),
      msg('2018-01-01T05:00:00'),
      msg('2018-01-01T05:00:00'),
    ];
    expect(replaySchedule(messages, 3600)).toEqual([0, 1000, 4000, 4000]);
    expect(replaySchedule(messages, 36_000)).toEqual([0, 100, 400, 400]);
    expect(replaySchedule([], 1)).toEqual([]);
    expect(() => replaySchedule(messages, 0)).toThrow(RangeError);
  });
});

describe('summaryLines', () => {
  it('lists rows read, valid, published, skipped by reason, duplicates and values the ingester refuses', () => {
    const plan = new PlanBuilder('hanoi', 'x.csv');
    plan.add({ ok: true, message: msg('2018-01-01T01:00:00', 10) }, true);
    plan.add({ ok: true, message: msg('2018-01-01T01:00:00', 11) }, true);
    plan.add({ ok: true, message: msg('2018-01-01T02:00:00', -2) }, true);
    plan.add({ ok: false, reason: 'qc_invalid', detail: '' }, false);
    const lines = summaryLines(plan.build(), { published: 3, failed: 0, aborted: false, elapsedMs: 1500 });
    expect(lines[0]).toBe('rows read 4, valid 3, messages 3, published 3 in 1.5 s');
    expect(lines[1]).toBe('skipped by reason: qc_invalid 1');
    expect(lines.join('\n')).toContain('2018-01-01T01:00:00');
    expect(lines.at(-1)).toMatch(
      /1 published value\(s\) outside the catalogue range .*out_of_range.*PM2\.5=-2 at 2018-01-01T02:00:00/,
    );
  });
});
