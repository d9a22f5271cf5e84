import type { Reading, ThresholdRule } from '@langxanh/contracts';
import { cod, ph, reading, so2Hourly, T0 } from '../test/fixtures';
import { OpenAlerts, StationKeys, type AlertTransition } from './open-alerts';
import { ThresholdEvaluator } from './threshold-evaluator';

/** A threshold evaluator over its own open alerts; `evaluate` returns the transitions of one reading. */
function thresholds() {
  const open = new OpenAlerts();
  const evaluator = new ThresholdEvaluator(open, new StationKeys());
  return {
    open,
    warmUp: evaluator.warmUp.bind(evaluator),
    evaluate(r: Reading, rules: readonly ThresholdRule[]): AlertTransition[] {
      const out: AlertTransition[] = [];
      evaluator.evaluate(r, rules, out);
      return out;
    },
  };
}

describe('ThresholdEvaluator', () => {
  it('raises once when a value crosses the limit and resolves once when back inside the deadband', () => {
    const alerting = thresholds();
    const series = [100, 140, 160, 170, 155, 149, 146, 142, 120];
    const changes = series.flatMap((v, i) => alerting.evaluate(reading(i, { COD: v }), [cod]));
    expect(changes.map((c) => c.change)).toEqual(['raised', 'updated', 'resolved']);
    const [raised, updated, resolved] = changes.map((c) => c.alert);
    expect(raised).toMatchObject({ state: 'active', triggerValue: 160, max: 150, unit: 'mg/L' });
    expect(updated.peakValue).toBe(170);
    // 149 and 146 are under 150 but not under 150 × 0.95 = 142.5: still active; 142 clears.
    expect(resolved).toMatchObject({ state: 'resolved', lastValue: 142, peakValue: 170, id: raised.id });
    expect(resolved.resolvedAt).toBe(new Date(T0 + 7 * 60_000).toISOString());
    expect(alerting.open.list()).toEqual([]);
  });

  it('gives one alert per episode for a value oscillating around the limit', () => {
    const alerting = thresholds();
    const values = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 152 : 147));
    const changes = values.flatMap((v, i) => alerting.evaluate(reading(i, { COD: v }), [cod]));
    expect(changes.filter((c) => c.change === 'raised')).toHaveLength(1);
    expect(changes.filter((c) => c.change === 'resolved')).toHaveLength(0);
  });

  it('treats pH as a range, both sides', () => {
    const alerting = thresholds();
    const changes = [7, 5.2, 5.5, 5.7, 9.5, 8.7].flatMap((v, i) =>
      alerting.evaluate(reading(i, { pH: v }), [ph]),
    );
    expect(changes.map((c) => [c.change, c.alert.lastValue])).toEqual([
      ['raised', 5.2],
      ['resolved', 5.7],
      ['raised', 9.5],
      ['resolved', 8.7],
    ]);
  });

  it('does not evaluate calibrating (01) or device-error (02) values against limits', () => {
    const alerting = thresholds();
    expect(alerting.evaluate(reading(0, { COD: 900 }, '01'), [cod])).toEqual([]);
    expect(alerting.evaluate(reading(1, { COD: 900 }, '02'), [cod])).toEqual([]);
    expect(alerting.evaluate(reading(2, { COD: 900 }), [cod]).map((c) => [c.change, c.alert.ruleId])).toEqual(
      [['raised', 'qcvn40-2011-B/COD']],
    );
  });

  it('compares the rolling 1 h mean, and only once 75 % of the hour has data', () => {
    const alerting = thresholds();
    const air = (minute: number, so2: number): Reading => ({
      ...reading(minute, { SO2: so2 }),
      kind: 'air',
      station: 'pk-air-01',
    });
    // 44 minutes at 400 µg/m³: coverage 44/60 < 0.75, nothing yet.
    for (let m = 0; m < 44; m++) expect(alerting.evaluate(air(m, 400), [so2Hourly])).toEqual([]);
    const raised = alerting.evaluate(air(44, 400), [so2Hourly]);
    expect(raised.map((c) => c.change)).toEqual(['raised']);
    expect(raised[0].alert.triggerValue).toBe(400);
    // A single spike does not raise an hourly alert on a clean hour.
    const clean = thresholds();
    const changes = Array.from({ length: 60 }, (_, m) =>
      clean.evaluate(air(m, m === 59 ? 3000 : 100), [so2Hourly]),
    );
    expect(changes.flat()).toEqual([]);
  });

  it('warms the averages up from stored minutes, so an hourly limit is not blind after a restart', () => {
    const alerting = thresholds();
    const air = (minute: number, so2: number): Reading => ({
      ...reading(minute, { SO2: so2 }),
      kind: 'air',
      station: 'pk-air-01',
    });
    const stored = Array.from({ length: 44 }, (_, m) => ({ time: T0 + m * 60_000, mean: 500, count: 2 }));
    alerting.warmUp('pk-air-01', 'SO2', { minutes: stored, hours: [] });
    expect(alerting.evaluate(air(44, 500), [so2Hourly]).map((c) => [c.change, c.alert.triggerValue])).toEqual(
      [['raised', 500]],
    );
  });

  it('evaluates a late reading in its place: an exceedance before a normal reading is raised and resolved', () => {
    const alerting = thresholds();
    alerting.evaluate(reading(10, { COD: 100 }), [cod]);
    const late = alerting.evaluate(reading(5, { COD: 500 }), [cod]);
    expect(late.map((c) => [c.change, c.alert.raisedAt, c.alert.resolvedAt])).toEqual([
      ['raised', new Date(T0 + 5 * 60_000).toISOString(), undefined],
      ['resolved', new Date(T0 + 5 * 60_000).toISOString(), new Date(T0 + 10 * 60_000).toISOString()],
    ]);
    // Redelivered: evaluated once.
    expect(alerting.evaluate(reading(5, { COD: 500 }), [cod])).toEqual([]);
    expect(alerting.open.list()).toEqual([]);
  });
});
