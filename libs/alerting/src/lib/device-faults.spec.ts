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
});
