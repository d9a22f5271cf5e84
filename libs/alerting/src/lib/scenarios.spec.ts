import type {
  AirStation,
  AlertDto,
  Reading,
  SilenceDto,
  StatusCode,
  ThresholdRule,
  WastewaterStation,
  WasteStation,
} from '@langxanh/contracts';
import { qcvn05Rules, rulesForStation } from '@langxanh/standards';
import { acknowledgeAlert, AlertLifecycleError, commentAlert } from './lifecycle';
import { silenceFor } from './silences';
import type { AlertTransition } from './open-alerts';
import { ThresholdAlerting } from './threshold-alerting';

/**
 * Scenario tests of the pure engine, time as a parameter (measurement times in the readings, `now` for the
 * deadman). Rules come from `libs/standards` where the scenario is about a standard, so the numbers under test are
 * the standard's, not copied here.
 */

const MIN = 60_000;
const T0 = Date.parse('2026-11-29T00:00:00Z');
const location = { lat: 21.19, lon: 106.02 };

const outlet: WastewaterStation = {
  id: 'pk-ww-01',
  kind: 'wastewater',
  name: 'outlet',
  location,
  expectedIntervalS: 60,
  standard: { qcvn: 'QCVN 40:2011/BTNMT', column: 'B', kq: 0.9, kf: 1 },
};
const airStation: AirStation = {
  id: 'pk-air-01',
  kind: 'air',
  name: 'air',
  location,
  expectedIntervalS: 60,
  standard: { qcvn: 'QCVN 05:2023/BTNMT' },
};
const bin: WasteStation = {
  id: 'pk-bin-01',
  kind: 'waste',
  name: 'bin',
  location,
  expectedIntervalS: 300,
  standard: { fullThresholdPct: 80, capacityL: 660, wasteCategory: 'other' },
};

const ruleOf = (station: Parameters<typeof rulesForStation>[0], id: string, at = T0): ThresholdRule => {
  const rule = rulesForStation(station, at).find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};
/** The shipped COD rule (QCVN 40:2011 B, with LàngXanh's confirmation and warning policy). */
const shippedCod = ruleOf(outlet, 'qcvn40-2011-B/COD');
/** The same limit with no confirmation and no warning level: the engine's raw behaviour, which most cases vary. */
const { consecutive: _c, warningFraction: _w, ...cod } = shippedCod;
const COD_LIMIT = cod.max ?? Number.NaN;

function at(
  station: { id: string; kind: Reading['kind'] },
  time: number,
  values: Record<string, number>,
  status: StatusCode = '00',
): Reading {
  return {
    cluster: 'phong-khe',
    kind: station.kind,
    station: station.id,
    time,
    values,
    status: Object.fromEntries(Object.keys(values).map((k) => [k, status])),
  };
}

/** Feeds `series` (one value per minute from `start`) and returns the transitions. */
function run(
  alerting: ThresholdAlerting,
  rules: readonly ThresholdRule[],
  parameter: string,
  series: readonly number[],
  start = T0,
): AlertTransition[] {
  return series.flatMap((v, i) => alerting.evaluate(at(outlet, start + i * MIN, { [parameter]: v }), rules));
}
const changes = (t: readonly AlertTransition[]) => t.map((c) => c.change);
/** For the constant synthetic series below: the frozen-sensor rule (device-faults.spec.ts) is not under test here. */
const NO_FROZEN_SENSOR = { frozenMinCount: Number.POSITIVE_INFINITY };

describe('anti-flap: deadband, pending duration, consecutive readings', () => {
  const guarded: ThresholdRule = { ...cod, pendingMs: 10 * MIN, consecutive: 3 };
  const cases: {
    name: string;
    rule: ThresholdRule;
    series: number[];
    expected: AlertTransition['change'][];
  }[] = [
    {
      name: 'a value oscillating around the limit gives one alert, not dozens',
      rule: cod,
      series: Array.from({ length: 60 }, (_, i) => COD_LIMIT + (i % 2 === 0 ? 3 : -3)),
      expected: ['raised'],
    },
    {
      name: 'a single spike does not page when the rule needs 3 readings over 10 min',
      rule: guarded,
      series: [100, 100, COD_LIMIT * 3, 100, 100],
      expected: [],
    },
    {
      name: 'a spike every few minutes never holds for the pending duration',
      rule: guarded,
      series: Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? COD_LIMIT * 2 : 50)),
      expected: [],
    },
    {
      name: 'without pending, the same single spike raises and resolves',
      rule: cod,
      series: [100, 100, COD_LIMIT * 3, 100, 100],
      expected: ['raised', 'resolved'],
    },
  ];
  it.each(cases)('$name', ({ rule, series, expected }) => {
    expect(changes(run(new ThresholdAlerting(), [rule], 'COD', series))).toEqual(expected);
  });

  it('raises a sustained exceedance only once the pending duration has passed (measurement time)', () => {
    const alerting = new ThresholdAlerting();
    const out = run(
      alerting,
      [guarded],
      'COD',
      Array.from({ length: 15 }, () => COD_LIMIT + 20),
    );
    expect(changes(out)).toEqual(['raised']);
    // First over the limit at minute 0; pending 10 min → raised by the reading at minute 10.
    expect(out[0].alert.raisedAt).toBe(new Date(T0 + 10 * MIN).toISOString());
  });

  it('keeps a warning → critical episode as one alert whose severity rises, and resolves under the warning level', () => {
    const rule: ThresholdRule = { ...cod, warningFraction: 0.8 };
    const warn = COD_LIMIT * 0.85;
    const out = run(new ThresholdAlerting(), [rule], 'COD', [
      50,
      warn,
      warn,
      COD_LIMIT * 1.2,
      warn,
      COD_LIMIT * 0.79,
      COD_LIMIT * 0.7,
    ]);
    expect(out.map((c) => [c.change, c.alert.severity])).toEqual([
      ['raised', 'warning'],
      ['updated', 'critical'],
      ['resolved', 'critical'],
    ]);
    expect(new Set(out.map((c) => c.alert.id)).size).toBe(1);
  });
});

describe('averaging periods', () => {
  it('raises when the rolling 24 h mean of PM2.5 crosses its QCVN 05:2023 limit, not on a high hour', () => {
    const pm25 = qcvn05Rules(T0).filter((r) => r.parameter === 'PM2.5');
    const limit = pm25[0].max ?? Number.NaN;
    const alerting = new ThresholdAlerting(NO_FROZEN_SENSOR);
    const air = (m: number, v: number) => at(airStation, T0 + m * MIN, { 'PM2.5': v });
    const out: AlertTransition[] = [];
    // 20 h just under the limit, then one hour at 3× the limit: the 24 h mean is still under the limit.
    for (let m = 0; m < 20 * 60; m += 5) out.push(...alerting.evaluate(air(m, limit - 5), pm25));
    for (let m = 20 * 60; m < 21 * 60; m += 1) out.push(...alerting.evaluate(air(m, limit * 3), pm25));
    expect(out).toEqual([]);
    // Coverage: 5-minute readings fill 1 minute in 5 — the rule needs 75 % of the minutes. Readings every minute:
    for (let m = 21 * 60; m < 40 * 60; m += 1) out.push(...alerting.evaluate(air(m, limit + 10), pm25));
    // The mean keeps rising: a few updates as it gets worse by more than the deadband, never a second alert.
    expect(changes(out).filter((c) => c !== 'updated')).toEqual(['raised']);
    expect(out.filter((c) => c.change === 'updated').length).toBeLessThan(5);
    expect(out[0].alert).toMatchObject({ averagingPeriod: '24h', max: limit });
    expect(out[0].alert.triggerValue).toBeGreaterThan(limit);
  });

  it('averages a calendar day from 00:00 Vietnam time (17:00 UTC the day before), needing 75 % of its minutes', () => {
    const daily: ThresholdRule = { ...cod, id: 'permit/COD/calendarDay', averagingPeriod: 'calendarDay' };
    const alerting = new ThresholdAlerting(NO_FROZEN_SENSOR);
    const midnightIct = Date.parse('2026-11-28T17:00:00Z');
    const out: AlertTransition[] = [];
    // The day before (ICT) is very high: it must not count in the new day.
    for (let m = -120; m < 0; m++)
      out.push(...alerting.evaluate(at(outlet, midnightIct + m * MIN, { COD: 1000 }), [daily]));
    for (let m = 0; m < 1440; m++) {
      out.push(...alerting.evaluate(at(outlet, midnightIct + m * MIN, { COD: COD_LIMIT - 10 }), [daily]));
    }
    expect(out).toEqual([]);
    // The next day over the limit: raised once 75 % of its 1 440 minutes have data (18:00 ICT), not before.
    const next = midnightIct + 1440 * MIN;
    const raised: AlertTransition[] = [];
    for (let m = 0; m < 1440; m++)
      raised.push(...alerting.evaluate(at(outlet, next + m * MIN, { COD: COD_LIMIT + 10 }), [daily]));
    expect(changes(raised)).toEqual(['raised']);
    expect(raised[0].alert.raisedAt).toBe(new Date(next + 1079 * MIN).toISOString());
  });

  it('never counts calibrating (01) values in an average nor evaluates them', () => {
    const so2 = qcvn05Rules(T0).filter((r) => r.id === 'qcvn05-2023/SO2/1h');
    const alerting = new ThresholdAlerting();
    const out: AlertTransition[] = [];
    for (let m = 0; m < 60; m++) {
      // Calibration gas every other minute at 10× the limit; measured values well under it.
      const calibrating = m % 2 === 0;
      out.push(
        ...alerting.evaluate(
          at(airStation, T0 + m * MIN, { SO2: calibrating ? 3500 : 100 }, calibrating ? '01' : '00'),
          so2,
        ),
      );
    }
    expect(out).toEqual([]);
  });
});

describe('measurement time, late and duplicated readings', () => {
  it('a late reading does not resolve a newer exceedance', () => {
    const alerting = new ThresholdAlerting();
    expect(changes(alerting.evaluate(at(outlet, T0 + 10 * MIN, { COD: COD_LIMIT + 50 }), [cod]))).toEqual([
      'raised',
    ]);
    expect(alerting.evaluate(at(outlet, T0 + 5 * MIN, { COD: 10 }), [cod])).toEqual([]);
    expect(alerting.openAlerts()).toHaveLength(1);
  });

  it('a redelivered reading (same time) never raises a second alert, even after the first resolved', () => {
    const alerting = new ThresholdAlerting();
    const high = at(outlet, T0, { COD: COD_LIMIT + 50 });
    const low = at(outlet, T0 + MIN, { COD: 10 });
    const out = [high, high, low, high, low, high].flatMap((r) => alerting.evaluate(r, [cod]));
    expect(changes(out)).toEqual(['raised', 'resolved']);
  });

  it('a redelivered reading is counted once in an average', () => {
    const so2 = qcvn05Rules(T0).filter((r) => r.id === 'qcvn05-2023/SO2/1h');
    const limit = so2[0].max ?? Number.NaN;
    const alerting = new ThresholdAlerting();
    const out: AlertTransition[] = [];
    for (let m = 0; m < 59; m++)
      out.push(...alerting.evaluate(at(airStation, T0 + m * MIN, { SO2: limit - 50 }), so2));
    // A value at 4× the limit redelivered 10 times would lift the mean over the limit if counted each time.
    const spike = at(airStation, T0 + 59 * MIN, { SO2: limit * 4 });
    for (let i = 0; i < 10; i++) out.push(...alerting.evaluate(spike, so2));
    expect(out).toEqual([]);
  });
});

describe('the shipped wastewater policy (QCVN 40 limits, 2 consecutive readings, warning at 90 %)', () => {
  it('a single spike pages nobody; a confirmed exceedance is critical; 90–100 % of Cmax is a warning', () => {
    expect(shippedCod).toMatchObject({ consecutive: 2, warningFraction: 0.9 });
    const spike = run(new ThresholdAlerting(), [shippedCod], 'COD', [
      COD_LIMIT * 0.5,
      COD_LIMIT * 3,
      COD_LIMIT * 0.5,
      COD_LIMIT * 0.5,
    ]);
    expect(spike).toEqual([]);
    const confirmed = run(new ThresholdAlerting(), [shippedCod], 'COD', [COD_LIMIT * 1.2, COD_LIMIT * 1.3]);
    expect(confirmed.map((c) => [c.change, c.alert.severity])).toEqual([['raised', 'critical']]);
    const approaching = run(new ThresholdAlerting(), [shippedCod], 'COD', [
      COD_LIMIT * 0.95,
      COD_LIMIT * 0.96,
    ]);
    expect(approaching.map((c) => [c.change, c.alert.severity])).toEqual([['raised', 'warning']]);
  });
});

describe('limits from the registry: permit override, effective dates, Kq × Kf', () => {
  it('a permit limit replaces the standard on its parameter from its effective date, keeping the rule id', () => {
    const permitted: WastewaterStation = {
      ...outlet,
      permit: {
        number: '12/GP-UBND',
        issuedBy: 'UBND tỉnh Bắc Ninh',
        effectiveFrom: '2026-12-01',
        limits: [{ parameter: 'COD', averagingPeriod: 'instant', max: 90 }],
      },
    };
    const before = ruleOf(permitted, 'qcvn40-2011-B/COD', Date.parse('2026-11-30T16:59:00Z'));
    const after = ruleOf(permitted, 'qcvn40-2011-B/COD', Date.parse('2026-11-30T17:00:00Z'));
    expect(before.max).toBe(COD_LIMIT);
    expect(after).toMatchObject({
      max: 90,
      source: { document: 'Giấy phép môi trường 12/GP-UBND', effectiveFrom: '2026-12-01' },
    });
    const alerting = new ThresholdAlerting();
    const t = Date.parse('2026-12-01T03:00:00Z');
    const value = 100; // over the permit, under QCVN 40 B × Kq × Kf
    expect(value).toBeLessThan(COD_LIMIT);
    // Two readings: the shipped policy confirms an instantaneous wastewater exceedance on the second.
    const out = [t, t + 5 * MIN].flatMap((time) =>
      alerting.evaluate(at(permitted, time, { COD: value }), rulesForStation(permitted, time)),
    );
    expect(out.map((c) => [c.change, c.alert.max, c.alert.source.document])).toEqual([
      ['raised', 90, 'Giấy phép môi trường 12/GP-UBND'],
    ]);
  });

  it('applies Cmax = C × Kq × Kf from the registry', () => {
    const strict = ruleOf(
      { ...outlet, standard: { ...outlet.standard, kq: 0.9, kf: 1.1 } },
      'qcvn40-2011-B/COD',
    );
    const plain = ruleOf({ ...outlet, standard: { ...outlet.standard, kq: 1, kf: 1 } }, 'qcvn40-2011-B/COD');
    expect(strict.max).toBeCloseTo((plain.max ?? 0) * 0.9 * 1.1, 6);
  });

  it('PM2.5 24 h: the same mean raises from 01/01/2026 (45) and not before (50); an open alert keeps its id', () => {
    const alerting = new ThresholdAlerting(NO_FROZEN_SENSOR);
    const newYearIct = Date.parse('2025-12-31T17:00:00Z');
    const out: AlertTransition[] = [];
    for (let m = -24 * 60; m < 60; m++) {
      const t = newYearIct + m * MIN;
      out.push(
        ...alerting.evaluate(
          at(airStation, t, { 'PM2.5': 47 }),
          qcvn05Rules(t).filter((r) => r.parameter === 'PM2.5'),
        ),
      );
    }
    expect(changes(out)).toEqual(['raised']);
    expect(out[0].alert).toMatchObject({ max: 45, raisedAt: new Date(newYearIct).toISOString() });
  });

  it('applies per-station alerting settings (pending, consecutive, warning) from the registry', () => {
    const tuned: WastewaterStation = {
      ...outlet,
      alerting: { COD: { pendingS: 600, consecutive: 3, warningFraction: 0.8 } },
    };
    expect(ruleOf(tuned, 'qcvn40-2011-B/COD')).toMatchObject({
      pendingMs: 600_000,
      consecutive: 3,
      warningFraction: 0.8,
    });
  });
});

describe('waste points', () => {
  const rules = rulesForStation(bin, T0);
  const feed = (series: Record<string, number>[], stepMs = 5 * MIN) => {
    const alerting = new ThresholdAlerting();
    return series.flatMap((values, i) => alerting.evaluate(at(bin, T0 + i * stepMs, values), rules));
  };
  it.each([
    {
      name: 'full at ≥ 80 % after two readings',
      series: [{ fill: 70 }, { fill: 80 }, { fill: 85 }, { fill: 10 }],
      expected: [
        ['raised', 'waste/full'],
        ['resolved', 'waste/full'],
      ],
    },
    {
      name: 'one odd ultrasonic echo is not "full"',
      series: [{ fill: 30 }, { fill: 95 }, { fill: 31 }],
      expected: [],
    },
    {
      name: 'fire risk above 60 °C at once',
      series: [{ temp: 30 }, { temp: 65 }],
      expected: [
        ['raised', 'waste/fire'],
        ['raised', 'waste/fire-rise'],
      ],
    },
    {
      name: 'fire risk from a fast rise below 60 °C',
      series: [{ temp: 25 }, { temp: 32 }, { temp: 40 }],
      expected: [['raised', 'waste/fire-rise']],
    },
    {
      name: 'a slow warm-up in the sun is no fire',
      series: [{ temp: 25 }, { temp: 27 }, { temp: 29 }, { temp: 31 }],
      expected: [],
    },
    {
      name: 'knocked over',
      series: [{ tilt: 2 }, { tilt: 80 }, { tilt: 85 }],
      expected: [['raised', 'waste/tilt']],
    },
    {
      name: 'low battery after three readings',
      series: [{ battery: 25 }, { battery: 19 }, { battery: 18 }, { battery: 18 }],
      expected: [['raised', 'waste/battery']],
    },
  ])('$name', ({ series, expected }) => {
    expect(feed(series).map((c) => [c.change, c.alert.ruleId])).toEqual(expected);
  });

  it('every 5 s, sensor noise (±0.2 °C) is no fire; a real rise of 2 °C/min is, once 5 min of it are seen', () => {
    const fiveSeconds = 5_000;
    const noise = Array.from({ length: 240 }, (_, i) => ({ temp: 28 + (i % 2 === 0 ? 0.2 : -0.2) }));
    expect(feed(noise, fiveSeconds)).toEqual([]);
    const fire = Array.from({ length: 120 }, (_, i) => ({ temp: 28 + (2 * i * fiveSeconds) / MIN }));
    const raised = feed(fire, fiveSeconds);
    expect(raised.map((c) => [c.change, c.alert.ruleId])).toEqual([['raised', 'waste/fire-rise']]);
    // Raised at the first reading 5 min after the start, not before: 28 + 2 × 5 = 38 °C.
    expect(raised[0]?.alert.raisedAt).toBe(new Date(T0 + 5 * MIN).toISOString());
  });
});

describe('lifecycle', () => {
  const raise = (): { alerting: ThresholdAlerting; alert: AlertDto } => {
    const alerting = new ThresholdAlerting();
    const [t] = alerting.evaluate(at(outlet, T0, { COD: COD_LIMIT + 10 }), [cod]);
    return { alerting, alert: t.alert };
  };
  it('acknowledges with who, when and a comment; later transitions keep it; resolving keeps the history', () => {
    const { alerting, alert } = raise();
    const acked = acknowledgeAlert(alert, 'quanly.pk', T0 + MIN, ' on my way ');
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'quanly.pk',
      comments: [{ by: 'quanly.pk', text: 'on my way' }],
    });
    expect(alerting.replace(commentAlert(acked, 'operator', T0 + 2 * MIN, 'valve closed'))).toBe(true);
    const [updated] = alerting.evaluate(at(outlet, T0 + 3 * MIN, { COD: COD_LIMIT + 40 }), [cod]);
    expect(updated.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'quanly.pk' });
    const [resolved] = alerting.evaluate(at(outlet, T0 + 4 * MIN, { COD: 10 }), [cod]);
    expect(resolved.alert).toMatchObject({ state: 'resolved', acknowledgedBy: 'quanly.pk' });
    expect(resolved.alert.comments?.map((c) => c.text)).toEqual(['on my way', 'valve closed']);
  });
  it('refuses to acknowledge twice or a resolved alert, and an empty comment', () => {
    const { alert } = raise();
    const acked = acknowledgeAlert(alert, 'a', T0);
    expect(() => acknowledgeAlert(acked, 'b', T0)).toThrow(AlertLifecycleError);
    expect(() => acknowledgeAlert({ ...alert, state: 'resolved' }, 'b', T0)).toThrow(/resolved/);
    expect(() => commentAlert(alert, 'a', T0, '   ')).toThrow(AlertLifecycleError);
  });
  it('a rise in severity needs a new acknowledgement', () => {
    const rule: ThresholdRule = { ...cod, warningFraction: 0.8 };
    const alerting = new ThresholdAlerting();
    const [raised] = alerting.evaluate(at(outlet, T0, { COD: COD_LIMIT * 0.9 }), [rule]);
    alerting.replace(acknowledgeAlert(raised.alert, 'a', T0));
    const [rise] = alerting.evaluate(at(outlet, T0 + MIN, { COD: COD_LIMIT * 1.5 }), [rule]);
    expect(rise.alert).toMatchObject({ severity: 'critical', state: 'active' });
  });
});

describe('silences and maintenance windows', () => {
  const silence = (over: Partial<SilenceDto>): SilenceDto => ({
    id: 's',
    kind: 'maintenance',
    from: new Date(T0).toISOString(),
    to: new Date(T0 + 60 * MIN).toISOString(),
    reason: 'thay điện cực pH',
    createdBy: 'a',
    createdAt: new Date(T0).toISOString(),
    ...over,
  });
  const alert = { station: 'pk-ww-01', cluster: 'phong-khe' };
  it.each([
    { name: 'station window, inside', s: silence({ station: 'pk-ww-01' }), now: T0 + MIN, silenced: true },
    {
      name: 'station window, other station',
      s: silence({ station: 'pk-air-01' }),
      now: T0 + MIN,
      silenced: false,
    },
    { name: 'cluster window, inside', s: silence({ cluster: 'phong-khe' }), now: T0 + MIN, silenced: true },
    {
      name: 'cluster window, other cluster',
      s: silence({ cluster: 'da-hoi' }),
      now: T0 + MIN,
      silenced: false,
    },
    { name: 'end is exclusive', s: silence({ station: 'pk-ww-01' }), now: T0 + 60 * MIN, silenced: false },
    { name: 'start is inclusive', s: silence({ station: 'pk-ww-01' }), now: T0, silenced: true },
  ])('$name', ({ s, now, silenced }) => {
    expect(silenceFor([s], alert, now) !== undefined).toBe(silenced);
  });
});

describe('arrival order: the verdict follows measurement time, not arrival (issue 14)', () => {
  /** Instantaneous, with a warning level and anti-flap: 3 readings over 10 min (measurement time). */
  const guardedCod: ThresholdRule = { ...cod, pendingMs: 10 * MIN, consecutive: 3, warningFraction: 0.8 };
  /** Averaged: the QCVN 05:2023 SO2 1 h mean. */
  const so2 = qcvn05Rules(T0).filter((r) => r.id === 'qcvn05-2023/SO2/1h');
  const SO2_LIMIT = so2[0]?.max ?? Number.NaN;
  const rulesOf = (r: Reading): readonly ThresholdRule[] => (r.station === outlet.id ? [guardedCod] : so2);

  /**
   * One reading a minute: COD normal, 10 min at the warning level, 50 min over the limit, normal again; SO2 an hour
   * clean, 90 min at 1.7 × the limit, clean again (the 1 h mean rises over the limit, then falls back).
   */
  const exceedance = (minutes = { cod: 150, so2: 240 }): Reading[] => [
    ...Array.from({ length: minutes.cod }, (_, m) =>
      at(outlet, T0 + m * MIN, {
        COD: m < 30 ? 50 : m < 40 ? COD_LIMIT * 0.85 : m < 90 ? COD_LIMIT * 1.3 : 50,
      }),
    ),
    ...Array.from({ length: minutes.so2 }, (_, m) =>
      at(airStation, T0 + m * MIN, { SO2: m < 60 ? 100 : m < 150 ? SO2_LIMIT * 1.7 : 50 }),
    ),
  ];

  /** Feeds `readings` one at a time, in the order given: each alert's final version, and the changes per station. */
  function outcome(readings: readonly Reading[], alerting = new ThresholdAlerting()) {
    const transitions = readings.flatMap((r) => alerting.evaluate(r, rulesOf(r)));
    const finals = new Map<string, AlertDto>();
    for (const t of transitions) finals.set(t.alert.id, t.alert);
    const alerts = [...finals.values()]
      .map(
        ({ station, ruleId, state, severity, raisedAt, resolvedAt, triggerValue, peakValue, lastValue }) => ({
          station,
          ruleId,
          state,
          severity,
          raisedAt,
          resolvedAt,
          triggerValue,
          peakValue,
          lastValue,
        }),
      )
      .sort((a, b) => a.station.localeCompare(b.station) || a.raisedAt.localeCompare(b.raisedAt));
    const count = (change: AlertTransition['change'], station: string) =>
      transitions.filter((t) => t.change === change && t.alert.station === station).length;
    return {
      alerts,
      raised: { [outlet.id]: count('raised', outlet.id), [airStation.id]: count('raised', airStation.id) },
      resolved: {
        [outlet.id]: count('resolved', outlet.id),
        [airStation.id]: count('resolved', airStation.id),
      },
      open: alerting.openAlerts().length,
    };
  }

  /** A seeded shuffle (mulberry32), so a failing permutation can be replayed. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    let state = seed >>> 0;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  const inTimeOrder = outcome(exceedance());

  it('in time order: one alert per station, raised, risen to critical and resolved at the expected times', () => {
    expect(inTimeOrder.raised).toEqual({ [outlet.id]: 1, [airStation.id]: 1 });
    expect(inTimeOrder.resolved).toEqual({ [outlet.id]: 1, [airStation.id]: 1 });
    const [codAlert, so2Alert] = [outlet.id, airStation.id].map((s) =>
      inTimeOrder.alerts.find((a) => a.station === s),
    );
    // Warning level from minute 30; 10 min and 3 readings later (minute 40) it counts: raised, then critical.
    expect(codAlert).toMatchObject({
      state: 'resolved',
      severity: 'critical',
      raisedAt: new Date(T0 + 40 * MIN).toISOString(),
      resolvedAt: new Date(T0 + 90 * MIN).toISOString(),
    });
    expect(so2Alert).toMatchObject({ state: 'resolved', severity: 'critical' });
    expect(so2Alert?.triggerValue).toBeGreaterThan(SO2_LIMIT);
  });

  it('newest first gives the same alerts, each raised once and resolved once', () => {
    const newestFirst = outcome([...exceedance()].sort((a, b) => b.time - a.time));
    expect(newestFirst).toEqual(inTimeOrder);
  });

  it('one shuffled burst, fed as it arrives, gives the same alerts', () => {
    expect(outcome(shuffled(exceedance(), 14))).toEqual(inTimeOrder);
  });

  it('any order inside the horizon gives the same alerts (12 seeded permutations)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const shuffledOutcome = outcome(shuffled(exceedance(), seed));
      expect({ seed, ...shuffledOutcome }).toEqual({ seed, ...inTimeOrder });
    }
  });

  it('an averaged rule fed every 10 s gives the same alert newest first as in time order', () => {
    // Two hours of SO2 every 10 s: clean, 50 min at 1.6 × the limit, clean (the 1 h mean crosses and falls back).
    const tenSeconds = Array.from({ length: 720 }, (_, i) =>
      at(airStation, T0 + i * 10_000, { SO2: i < 180 ? 100 : i < 480 ? SO2_LIMIT * 1.6 : 40 }),
    );
    // 720 values: a horizon of 2 × 400 values holds them all (the default, 2 × 180, holds the newest hour).
    const ordered = outcome(tenSeconds, new ThresholdAlerting({ reevaluationPoints: 400 }));
    expect(ordered.raised[airStation.id]).toBe(1);
    expect(ordered.resolved[airStation.id]).toBe(1);
    expect(outcome([...tenSeconds].reverse(), new ThresholdAlerting({ reevaluationPoints: 400 }))).toEqual(
      ordered,
    );
    // With the default horizon, the values older than it are counted, not evaluated.
    const bounded = new ThresholdAlerting();
    outcome([...tenSeconds].reverse(), bounded);
    expect(bounded.lateReadings()).toEqual({ reevaluated: 359, beyondHorizon: 360 });
  });

  it('a backlog arriving newest first after live data keeps the open alert, raised once, at its true start', () => {
    const readings = exceedance({ cod: 80, so2: 0 });
    const live = outcome(readings);
    expect(live.open).toBe(1);
    // The station was offline from minute 20 to 60; minutes 60–79 came live, the backlog newest first afterwards.
    const order = [...readings.slice(0, 20), ...readings.slice(60), ...readings.slice(20, 60).reverse()];
    expect(outcome(order)).toEqual(live);
  });

  it('a late normal reading older than an exceedance never resolves it, before or inside the episode', () => {
    const alerting = new ThresholdAlerting();
    const over = Array.from({ length: 11 }, (_, i) =>
      at(outlet, T0 + (10 + i) * MIN, { COD: COD_LIMIT + 50 }),
    );
    const raised = over.flatMap((r) => alerting.evaluate(r, [cod]));
    expect(changes(raised)).toEqual(['raised']);
    const [open] = alerting.openAlerts();
    expect(alerting.evaluate(at(outlet, T0 + 5 * MIN, { COD: 10 }), [cod])).toEqual([]);
    expect(alerting.evaluate(at(outlet, T0 + 15 * MIN + 30_000, { COD: 10 }), [cod])).toEqual([]);
    expect(alerting.openAlerts()).toEqual([open]);
    expect(alerting.lateReadings()).toEqual({ reevaluated: 2, beyondHorizon: 0 });
  });

  it('after a restart, readings from before an alert restored open neither resolve it nor raise it again', () => {
    const before = new ThresholdAlerting();
    const [raised] = before.evaluate(at(outlet, T0 + 50 * MIN, { COD: COD_LIMIT + 50 }), [cod]);
    const alerting = new ThresholdAlerting();
    alerting.restore([raised.alert]);
    // The datalogger's buffer, sent after the restart: older than the alert, normal, in and out of order.
    for (const m of [40, 30, 45, 35])
      expect(alerting.evaluate(at(outlet, T0 + m * MIN, { COD: 10 }), [cod])).toEqual([]);
    expect(alerting.openAlerts().map((a) => a.id)).toEqual([raised.alert.id]);
    const [resolved] = alerting.evaluate(at(outlet, T0 + 60 * MIN, { COD: 10 }), [cod]);
    expect(resolved).toMatchObject({ change: 'resolved', alert: { id: raised.alert.id } });
    expect(resolved.alert.resolvedAt).toBe(new Date(T0 + 60 * MIN).toISOString());
  });

  it('a late exceedance inside the horizon is raised (and resolved) in its place; beyond it, only counted', () => {
    const alerting = new ThresholdAlerting(NO_FROZEN_SENSOR);
    // Seven hours of clean readings, one a minute.
    for (let m = 0; m < 420; m++)
      expect(alerting.evaluate(at(outlet, T0 + m * MIN, { COD: 50 }), [cod])).toEqual([]);
    const inside = alerting.evaluate(at(outlet, T0 + 200 * MIN + 30_000, { COD: COD_LIMIT * 2 }), [cod]);
    expect(inside.map((t) => [t.change, t.alert.raisedAt, t.alert.resolvedAt])).toEqual([
      ['raised', new Date(T0 + 200 * MIN + 30_000).toISOString(), undefined],
      ['resolved', new Date(T0 + 200 * MIN + 30_000).toISOString(), new Date(T0 + 201 * MIN).toISOString()],
    ]);
    // 6 h 30 min older than the newest reading: beyond the horizon.
    expect(alerting.evaluate(at(outlet, T0 + 29 * MIN + 30_000, { COD: COD_LIMIT * 2 }), [cod])).toEqual([]);
    expect(alerting.lateReadings()).toEqual({ reevaluated: 1, beyondHorizon: 1 });
    expect(alerting.openAlerts()).toEqual([]);
    // And it changed nothing: the next reading in order is evaluated as before.
    expect(changes(alerting.evaluate(at(outlet, T0 + 420 * MIN, { COD: COD_LIMIT * 2 }), [cod]))).toEqual([
      'raised',
    ]);
  });
});
