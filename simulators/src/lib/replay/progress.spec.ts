import { lineProgress } from './progress';

describe('lineProgress', () => {
  it('prints a start line and one line per further 10 %, never one per message', () => {
    const lines: string[] = [];
    const p = lineProgress(
      (l) => lines.push(l),
      60_000,
      () => 0,
    );
    p.start(1000);
    for (let i = 1; i <= 1000; i++) p.update(i, `t${i}`);
    p.stop();
    expect(lines[0]).toBe('replay: 1000 messages to publish');
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('replay: 1000/1000 messages (100 %), data time t1000');
  });

  it('also prints when the interval has passed', () => {
    const lines: string[] = [];
    let now = 0;
    const p = lineProgress(
      (l) => lines.push(l),
      5_000,
      () => now,
    );
    p.start(1_000_000);
    p.update(1, 'a');
    now = 6_000;
    p.update(2, 'b');
    expect(lines).toEqual([
      'replay: 1000000 messages to publish',
      'replay: 2/1000000 messages (0 %), data time b',
    ]);
  });
});
