import type { Reading, StatusCode, ThresholdRule } from '@langxanh/contracts';
import { ThresholdAlerting } from './threshold-alerting';

const source = { document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B', effectiveFrom: '2012-02-15' };
const cod: ThresholdRule = {
  id: 'qcvn40-2011-B/COD',
  parameter: 'COD',
  comparison: 'above',
  max: 150,
  unit: 'mg/L',
  averagingPeriod: 'instant',
  deadband: 0.05,
  source,
};
const ph: ThresholdRule = { ...cod, id: 'qcvn40-2011-B/pH', parameter: 'pH', comparison: 'outside', min: 5.5, max: 9, unit: '', deadband: 0.02 };
const so2Hourly: ThresholdRule = {
  ...cod,
  id: 'qcvn05-2023/SO2/1h',
  parameter: 'SO2',
  max: 350,
  unit: 'µg/m³',
  averagingPeriod: '1h',
};

const T0 = Date.parse('2026-11-29T00:00:00Z');
const reading = (minute: number, values: Record<string, number>, status: StatusCode = '00'): Reading => ({
  cluster: 'phong-khe',
  kind: 'wastewater',
  station: 'pk-ww-01',
  time: T0 + minute * 60_000,
  values,
  status: Object.fromEntries(Object.keys(values).map((k) => [k, status])),
});

describe('ThresholdAlerting', () => {
  it('raises once when a value crosses the limit and resolves once when back inside the deadband', () => {
    const alerting = new ThresholdAlerting();
    const series = [100, 140, 160, 170, 155, 149, 146, 142, 120];
    const changes = series.flatMap((v, i) => alerting.evaluate(reading(i, { COD: v }), [cod]));
    expect(changes.map((c) => c.change)).toEqual(['raised', 'updated', 'resolved']);
    const [raised, updated, resolved] = changes.map((c) => c.alert);
    expect(raised).toMatchObject({ state: 'active', triggerValue: 160, max: 150, unit: 'mg/L' });
    expect(updated.peakValue).toBe(170);
    // 149 and 146 are under 150 but not under 150 × 0.95 = 142.5: still active; 142 clears.
    expect(resolved).toMatchObject({ state: 'resolved', lastValue: 142, peakValue: 170, id: raised.id });
    expect(resolved.resolvedAt).toBe(new Date(T0 + 7 * 60_000).toISOString());
    expect(alerting.openAlerts()).toEqual([]);
  });

  it('gives one alert per episode for a value oscillating around the limit', () => {
    const alerting = new ThresholdAlerting();
    const values = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 152 : 147));
    const changes = values.flatMap((v, i) => alerting.evaluate(reading(i, { COD: v }), [cod]));
    expect(changes.filter((c) => c.change === 'raised')).toHaveLength(1);
    expect(changes.filter((c) => c.change === 'resolved')).toHaveLength(0);
  });

  it('treats pH as a range, both sides', () => {
    const alerting = new ThresholdAlerting();
    const changes = [7, 5.2, 5.5, 5.7, 9.5, 8.7].flatMap((v, i) => alerting.evaluate(reading(i, { pH: v }), [ph]));
    expect(changes.map((c) => [c.change, c.alert.lastValue])).toEqual([
      ['raised', 5.2],
      ['resolved', 5.7],
      ['raised', 9.5],
      ['resolved', 8.7],
    ]);
  });

  it('does not evaluate calibrating (01) or device-error (02) values against limits; 02 is a device fault', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.evaluate(reading(0, { COD: 900 }, '01'), [cod])).toEqual([]);
    const fault = alerting.evaluate(reading(1, { COD: 900 }, '02'), [cod]);
    expect(fault.map((c) => [c.change, c.alert.type, c.alert.ruleId])).toEqual([['raised', 'device-fault', 'device-fault/COD']]);
    const back = alerting.evaluate(reading(2, { COD: 900 }), [cod]);
    expect(back.map((c) => [c.change, c.alert.ruleId])).toEqual([
      ['resolved', 'device-fault/COD'],
      ['raised', 'qcvn40-2011-B/COD'],
    ]);
  });

  it('compares the rolling 1 h mean, and only once 75 % of the hour has data', () => {
    const alerting = new ThresholdAlerting();
    const air = (minute: number, so2: number): Reading => ({ ...reading(minute, { SO2: so2 }), kind: 'air', station: 'pk-air-01' });
    // 44 minutes at 400 µg/m³: coverage 44/60 < 0.75, nothing yet.
    for (let m = 0; m < 44; m++) expect(alerting.evaluate(air(m, 400), [so2Hourly])).toEqual([]);
    const raised = alerting.evaluate(air(44, 400), [so2Hourly]);
    expect(raised.map((c) => c.change)).toEqual(['raised']);
    expect(raised[0].alert.triggerValue).toBe(400);
    // A single spike does not raise an hourly alert on a clean hour.
    const clean = new ThresholdAlerting();
    const changes = Array.from({ length: 60 }, (_, m) => clean.evaluate(air(m, m === 59 ? 3000 : 100), [so2Hourly]));
    expect(changes.flat()).toEqual([]);
  });

  it('warms the averages up from stored minutes, so an hourly limit is not blind after a restart', () => {
    const alerting = new ThresholdAlerting();
    const air = (minute: number, so2: number): Reading => ({ ...reading(minute, { SO2: so2 }), kind: 'air', station: 'pk-air-01' });
    const stored = Array.from({ length: 44 }, (_, m) => ({ time: T0 + m * 60_000, mean: 500, count: 2 }));
    alerting.warmUp('pk-air-01', 'SO2', stored);
    expect(alerting.evaluate(air(44, 500), [so2Hourly]).map((c) => [c.change, c.alert.triggerValue])).toEqual([
      ['raised', 500],
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

  it('ignores readings older than the last evaluated one (late or replayed)', () => {
    const alerting = new ThresholdAlerting();
    alerting.evaluate(reading(10, { COD: 100 }), [cod]);
    expect(alerting.evaluate(reading(5, { COD: 500 }), [cod])).toEqual([]);
  });

  it('keeps one open alert per station and rule', () => {
    const alerting = new ThresholdAlerting();
    alerting.evaluate(reading(0, { COD: 200, pH: 4 }), [cod, ph]);
    alerting.evaluate({ ...reading(0, { COD: 200 }), station: 'dh-ww-01', cluster: 'da-hoi' }, [cod]);
    expect(alerting.openAlerts().map((a) => `${a.station}/${a.parameter}`).sort()).toEqual([
      'dh-ww-01/COD',
      'pk-ww-01/COD',
      'pk-ww-01/pH',
    ]);
  });
});
