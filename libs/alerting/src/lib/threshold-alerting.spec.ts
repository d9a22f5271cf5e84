import { cod, ph, reading } from '../test/fixtures';
import { ThresholdAlerting } from './threshold-alerting';

describe('ThresholdAlerting', () => {
  it('does not evaluate calibrating (01) or device-error (02) values against limits; 02 is a device fault', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.evaluate(reading(0, { COD: 900 }, '01'), [cod])).toEqual([]);
    const fault = alerting.evaluate(reading(1, { COD: 900 }, '02'), [cod]);
    expect(fault.map((c) => [c.change, c.alert.type, c.alert.ruleId])).toEqual([
      ['raised', 'device-fault', 'device-fault/COD'],
    ]);
    const back = alerting.evaluate(reading(2, { COD: 900 }), [cod]);
    expect(back.map((c) => [c.change, c.alert.ruleId])).toEqual([
      ['resolved', 'device-fault/COD'],
      ['raised', 'qcvn40-2011-B/COD'],
    ]);
  });

  it('restores active alerts so a restart neither forgets nor duplicates them', () => {
    const first = new ThresholdAlerting();
    const [raised] = first.evaluate(reading(0, { COD: 200 }), [cod]);
    const second = new ThresholdAlerting();
    second.restore([raised.alert]);
    expect(second.evaluate(reading(1, { COD: 210 }), [cod]).map((c) => c.change)).toEqual(['updated']);
    const resolved = second.evaluate(reading(2, { COD: 100 }), [cod]);
    expect(resolved.map((c) => [c.change, c.alert.id])).toEqual([['resolved', raised.alert.id]]);
  });

  it('keeps one open alert per station and rule', () => {
    const alerting = new ThresholdAlerting();
    alerting.evaluate(reading(0, { COD: 200, pH: 4 }), [cod, ph]);
    alerting.evaluate({ ...reading(0, { COD: 200 }), station: 'dh-ww-01', cluster: 'da-hoi' }, [cod]);
    expect(
      alerting
        .openAlerts()
        .map((a) => `${a.station}/${a.parameter}`)
        .sort(),
    ).toEqual(['dh-ww-01/COD', 'pk-ww-01/COD', 'pk-ww-01/pH']);
  });
});
