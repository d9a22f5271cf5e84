import { brokerSafety, SAFE_QUEUE_HOURS } from './broker-safety';

/** What the ingester says about the broker's limits at start-up (issue 15 item 19). */
const stations = (...intervals: number[]) => intervals.map((expectedIntervalS) => ({ station: { expectedIntervalS } }));

describe('brokerSafety', () => {
  // Two stations at 60 s and one at 300 s: 60 + 60 + 12 = 132 readings an hour.
  const registry = stations(60, 60, 300);
  const needed = 132 * SAFE_QUEUE_HOURS;

  it('an undeclared queue limit is reported as unknown, with what is needed', () => {
    const [warning] = brokerSafety.limits(undefined, registry);
    expect(warning).toContain('unknown');
    expect(warning).toContain(`≥ ${needed}`);
  });
  it('a declared limit below 24 h of the registry readings is UNSAFE; at or above it, or 0 (no limit), nothing', () => {
    expect(brokerSafety.limits(1000, registry)[0]).toMatch(/^UNSAFE broker limit: max_queued_messages 1000 .* holds 7\.6 h/);
    expect(brokerSafety.limits(needed - 1, registry)).toHaveLength(1);
    expect(brokerSafety.limits(needed, registry)).toEqual([]);
    expect(brokerSafety.limits(0, registry)).toEqual([]);
  });
  it('warns about a broker that is not Mosquitto 2.x', () => {
    expect(brokerSafety.version('mosquitto version 2.0.11')).toEqual([]);
    expect(brokerSafety.version('mosquitto version 1.6.12')[0]).toContain('older than 2.0');
    expect(brokerSafety.version('emqx 5.3.0')[0]).toContain('not Mosquitto');
  });
});
