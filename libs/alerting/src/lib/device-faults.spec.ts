import { reading, T0 } from '../test/fixtures';
import { DeviceFaults } from './device-faults';
import { OpenAlerts, StationKeys } from './open-alerts';

describe('DeviceFaults', () => {
  const faults = () => {
    const open = new OpenAlerts();
    return { open, faults: new DeviceFaults(open, new StationKeys()) };
  };

  it('opens a warning device-fault alert per parameter on status 02, once', () => {
    const { open, faults: f } = faults();
    const raised = f.evaluate(reading(0, { COD: 900, pH: 7 }, '02'));
    expect(raised.map((c) => [c.change, c.alert.type, c.alert.ruleId, c.alert.severity])).toEqual([
      ['raised', 'device-fault', 'device-fault/COD', 'warning'],
      ['raised', 'device-fault', 'device-fault/pH', 'warning'],
    ]);
    expect(raised[0].alert).toMatchObject({ state: 'active', parameter: 'COD', triggerValue: 900 });
    expect(f.evaluate(reading(1, { COD: 910 }, '02'))).toEqual([]);
    expect(open.list()).toHaveLength(2);
  });

  it("resolves with the parameter's next 00 or 01 value, at that value's time", () => {
    const { open, faults: f } = faults();
    f.evaluate(reading(0, { COD: 900, pH: 7 }, '02'));
    const cod = f.evaluate(reading(1, { COD: 120 }));
    expect(cod.map((c) => [c.change, c.alert.ruleId, c.alert.lastValue])).toEqual([
      ['resolved', 'device-fault/COD', 120],
    ]);
    expect(cod[0].alert.resolvedAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(f.evaluate(reading(2, { pH: 7.1 }, '01')).map((c) => [c.change, c.alert.ruleId])).toEqual([
      ['resolved', 'device-fault/pH'],
    ]);
    expect(open.list()).toEqual([]);
  });

  it('ignores a late or redelivered reading', () => {
    const { faults: f } = faults();
    f.evaluate(reading(5, { COD: 100 }));
    expect(f.evaluate(reading(4, { COD: 900 }, '02'))).toEqual([]);
    expect(f.evaluate(reading(5, { COD: 900 }, '02'))).toEqual([]);
  });

  describe('frozen sensor (issue 15, item 10)', () => {
    /** Readings every 5 minutes (the registry's interval) from minute `start`, COD = value(i). */
    const series = (f: DeviceFaults, count: number, value: (i: number) => number, start = 0) =>
      Array.from({ length: count }, (_, i) =>
        f.evaluate(reading(start + i * 5, { COD: value(i), Flow: 0 })),
      ).flat();

    it('raises one warning once a value repeats exactly for 3 h (37 readings at 5 min), and resolves on the next change', () => {
      const { open, faults: f } = faults();
      // 36 readings span 175 min: not yet 3 h.
      expect(series(f, 36, () => 85.2)).toEqual([]);
      const raised = f.evaluate(reading(180, { COD: 85.2, Flow: 0 }));
      expect(
        raised.map((c) => [c.change, c.alert.type, c.alert.ruleId, c.alert.severity, c.alert.triggerValue]),
      ).toEqual([['raised', 'device-fault', 'device-fault/frozen/COD', 'warning', 85.2]]);
      expect(f.evaluate(reading(185, { COD: 85.2, Flow: 0 }))).toEqual([]);
      const resolved = f.evaluate(reading(190, { COD: 85.3, Flow: 0 }));
      expect(resolved.map((c) => [c.change, c.alert.ruleId])).toEqual([
        ['resolved', 'device-fault/frozen/COD'],
      ]);
      expect(open.list()).toEqual([]);
    });

    it('does not flag a value that moves, a constant Flow (a plant not discharging), or 12 values in less than 3 h', () => {
      const { faults: f } = faults();
      expect(series(f, 60, (i) => 85 + (i % 2) / 10)).toEqual([]);
      const { faults: g } = faults();
      expect(series(g, 20, () => 85.2).filter((c) => c.alert.parameter === 'Flow')).toEqual([]);
      const { faults: h } = faults();
      // An hourly station: 3 h of identical values is only 4 readings, fewer than the 12 required.
      expect(Array.from({ length: 4 }, (_, i) => h.evaluate(reading(i * 60, { COD: 85.2 }))).flat()).toEqual(
        [],
      );
    });

    it('restarts the run on a calibration (01) value, and takes its thresholds from the options', () => {
      const open = new OpenAlerts();
      const f = new DeviceFaults(open, new StationKeys(), {
        frozenMinCount: 3,
        frozenMinDurationMs: 10 * 60_000,
      });
      f.evaluate(reading(0, { COD: 50 }));
      f.evaluate(reading(5, { COD: 50 }));
      f.evaluate(reading(6, { COD: 50 }, '01'));
      expect(f.evaluate(reading(10, { COD: 50 }))).toEqual([]);
      f.evaluate(reading(15, { COD: 50 }));
      expect(f.evaluate(reading(20, { COD: 50 })).map((c) => c.alert.ruleId)).toEqual([
        'device-fault/frozen/COD',
      ]);
    });
  });
});
