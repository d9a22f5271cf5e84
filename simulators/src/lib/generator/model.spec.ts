import { PARAMETER_CATALOGUE, StationIndex, type RegisteredStation } from '@langxanh/contracts';
import { loadRegistry } from '../registry';
import { INCIDENT_FALL_MIN, INCIDENT_RISE_MIN, INCIDENT_SLOT_MS } from './incidents';
import { AIR_LIMITS_1H, wastewaterLimits } from './limits';
import { createStationModel, generateReading, softCap, type StationModel } from './model';

const registry = loadRegistry();
const index = new StationIndex(registry);
const all = index.all();
const station = (id: string): RegisteredStation => index.get(id)!;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-01-05T00:00:00+07:00 (a Monday). */
const T0 = Date.parse('2026-01-05T00:00:00+07:00');
/** Vietnam local hour of epoch ms (UTC+7). */
const hourOf = (t: number): number => new Date(t + 7 * HOUR).getUTCHours() + new Date(t).getUTCMinutes() / 60;

describe('generator determinism', () => {
  it('gives the same readings for the same seed, station and time, whatever was computed before', () => {
    for (const r of all) {
      const a = createStationModel(r, { seed: 'alpha' });
      const b = createStationModel(r, { seed: 'alpha' });
      const times = [T0, T0 + 7 * MINUTE, T0 + 13 * HOUR, T0 + 3 * DAY + 17];
      const forward = times.map((t) => a.at(t));
      const backward = [...times]
        .reverse()
        .map((t) => b.at(t))
        .reverse();
      expect(backward).toEqual(forward);
      expect(generateReading(r, times[2], { seed: 'alpha' })).toEqual(forward[2]);
    }
  });

  it('gives different readings for a different seed', () => {
    for (const r of all) {
      const a = createStationModel(r, { seed: 'alpha' }).at(T0 + 10 * HOUR);
      const b = createStationModel(r, { seed: 'beta' }).at(T0 + 10 * HOUR);
      expect(b.values).not.toEqual(a.values);
    }
  });

  it('changes from one reading to the next (noise), but smoothly', () => {
    const m = createStationModel(station('pk-air-01'), { seed: 's', incidentRate: 0 });
    const pm = Array.from({ length: 60 }, (_, i) => m.at(T0 + 10 * HOUR + i * MINUTE).values['PM2.5']);
    expect(new Set(pm).size).toBeGreaterThan(30);
    for (let i = 1; i < pm.length; i++) expect(Math.abs(pm[i] - pm[i - 1]) / pm[i - 1]).toBeLessThan(0.3);
  });
});

describe('generator values', () => {
  it('reports every catalogue parameter of the kind, within its range, rounded to its decimals', () => {
    const problems: string[] = [];
    for (const r of all) {
      const m = createStationModel(r, { seed: 'ranges', incidentRate: 3 });
      const specs = PARAMETER_CATALOGUE[r.station.kind];
      const keys = specs
        .map((s) => s.key)
        .sort()
        .join();
      for (let t = T0; t < T0 + 20 * DAY; t += 37 * MINUTE) {
        const { values, status } = m.at(t);
        if (status !== '00' && status !== '01') problems.push(`${r.station.id} status ${status}`);
        if (Object.keys(values).sort().join() !== keys)
          problems.push(`${r.station.id} keys ${Object.keys(values)}`);
        for (const spec of specs) {
          const v = values[spec.key];
          const scaled = v * 10 ** spec.decimals;
          if (
            !Number.isFinite(v) ||
            v < spec.range[0] ||
            v > spec.range[1] ||
            Math.abs(scaled - Math.round(scaled)) > 1e-6
          ) {
            problems.push(
              `${r.station.id} ${new Date(t).toISOString()} ${spec.key}=${v} (range ${spec.range}, ${spec.decimals} decimals)`,
            );
          }
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('keeps PM2.5 ≤ PM10 ≤ TSP', () => {
    for (const r of all.filter((x) => x.station.kind === 'air')) {
      const m = createStationModel(r, { seed: 'order', incidentRate: 3 });
      for (let t = T0; t < T0 + 5 * DAY; t += 29 * MINUTE) {
        const v = m.at(t).values;
        expect(v['PM2.5']).toBeLessThanOrEqual(v.PM10);
        expect(v.PM10).toBeLessThanOrEqual(v.TSP);
      }
    }
  });

  const meanAt = (m: StationModel, key: string, hours: readonly number[], days = 28): number => {
    let sum = 0;
    let n = 0;
    for (let d = 0; d < days; d++) {
      for (const h of hours) {
        sum += m.at(T0 + d * DAY + h * HOUR).values[key];
        n++;
      }
    }
    return sum / n;
  };

  it('follows daily cycles in Vietnam time: PM traffic peaks and night inversion, afternoon low; flow in working hours; warm afternoons', () => {
    const air = createStationModel(station('pk-air-01'), { seed: 'cycles', incidentRate: 0 });
    const afternoon = meanAt(air, 'PM2.5', [13.5, 14, 14.5]);
    expect(meanAt(air, 'PM2.5', [7.5, 8])).toBeGreaterThan(afternoon * 1.15);
    expect(meanAt(air, 'PM2.5', [19.5, 20])).toBeGreaterThan(afternoon * 1.15);
    expect(meanAt(air, 'PM2.5', [1, 2, 3])).toBeGreaterThan(afternoon * 1.1);
    expect(meanAt(air, 'Temp', [14.5])).toBeGreaterThan(meanAt(air, 'Temp', [5.5]) + 4);
    expect(meanAt(air, 'O3', [13])).toBeGreaterThan(meanAt(air, 'O3', [2]) * 3);

    const ww = createStationModel(station('dh-ww-01'), { seed: 'cycles', incidentRate: 0 });
    expect(meanAt(ww, 'Flow', [9, 10, 15, 16])).toBeGreaterThan(meanAt(ww, 'Flow', [1, 2, 3, 4]) * 2);
  });

  it('reflects each craft (domain.md §5.2): paper effluent richest in COD and colour, metal and paper air richer in SO2 than wood', () => {
    const ww = all.filter((r) => r.station.kind === 'wastewater');
    const cod = new Map(
      ww.map((r) => [
        r.station.id,
        meanAt(createStationModel(r, { seed: 'craft', incidentRate: 0 }), 'COD', [10, 22], 10),
      ]),
    );
    const colour = new Map(
      ww.map((r) => [
        r.station.id,
        meanAt(createStationModel(r, { seed: 'craft', incidentRate: 0 }), 'Color', [10, 22], 10),
      ]),
    );
    for (const r of ww.filter((x) => x.station.id !== 'pk-ww-01')) {
      expect(cod.get('pk-ww-01')).toBeGreaterThan(cod.get(r.station.id)!);
      expect(colour.get('pk-ww-01')).toBeGreaterThan(colour.get(r.station.id)!);
    }
    const so2 = (id: string): number =>
      meanAt(createStationModel(station(id), { seed: 'craft', incidentRate: 0 }), 'SO2', [10, 15], 10);
    const wood = so2('dk-air-01');
    for (const id of ['pk-air-01', 'dh-air-01', 'vm-air-01']) expect(so2(id)).toBeGreaterThan(wood * 2);
    const tsp = (id: string): number =>
      meanAt(createStationModel(station(id), { seed: 'craft', incidentRate: 0 }), 'TSP', [10, 15], 10);
    expect(tsp('dk-air-01')).toBeGreaterThan(tsp('pl-air-01'));
  });

  it('keeps normal operation under the limits: exceedances come from incidents', () => {
    const problems: string[] = [];
    for (const r of all.filter((x) => x.station.kind !== 'waste')) {
      const m = createStationModel(r, { seed: 'calm', incidentRate: 0 });
      const limits: Record<string, number | readonly [number, number]> =
        r.station.kind === 'air'
          ? { ...AIR_LIMITS_1H }
          : r.station.kind === 'wastewater'
            ? { ...wastewaterLimits(r.station.standard) }
            : {};
      for (let t = T0; t < T0 + 10 * DAY; t += 23 * MINUTE) {
        const v = m.at(t).values;
        for (const [key, limit] of Object.entries(limits)) {
          const ok = typeof limit === 'number' ? v[key] < limit : v[key] > limit[0] && v[key] < limit[1];
          if (!ok) problems.push(`${r.station.id} ${new Date(t).toISOString()} ${key}=${v[key]} vs ${limit}`);
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('softCap leaves low values alone and never reaches 92 % of the limit', () => {
    expect(softCap(50, 100)).toBe(50);
    expect(softCap(75, 100)).toBe(75);
    expect(softCap(1e6, 100)).toBeLessThanOrEqual(92);
    expect(softCap(90, 100)).toBeGreaterThan(softCap(80, 100));
  });
});

describe('incidents', () => {
  const RANGE = 120 * DAY;

  it('happen occasionally, last a bounded time and none with incident rate 0', () => {
    for (const r of all) {
      const m = createStationModel(r, { seed: 'inc' });
      const found = m.incidents(T0, T0 + RANGE);
      expect(found.length).toBeGreaterThan(0);
      const perDay = found.length / (RANGE / DAY);
      expect(perDay).toBeLessThan(r.station.kind === 'waste' ? 0.3 : 0.8);
      for (const w of found) {
        const maxPlateau = w.spec.plateauMin[1] * MINUTE;
        expect(w.end - w.start).toBeLessThanOrEqual(
          (INCIDENT_RISE_MIN + INCIDENT_FALL_MIN) * MINUTE + maxPlateau,
        );
        expect(Math.floor(w.start / INCIDENT_SLOT_MS)).toBe(Math.floor((w.end - 1) / INCIDENT_SLOT_MS));
      }
      expect(createStationModel(r, { seed: 'inc', incidentRate: 0 }).incidents(T0, T0 + RANGE)).toEqual([]);
    }
  });

  /** Does the reading exceed the limit the incident aims at, on at least one parameter? */
  const exceeds = (m: StationModel, t: number): string[] => {
    const { values } = m.at(t);
    const over: string[] = [];
    for (const key of Object.keys(values)) {
      const l = m.limit(key, t);
      if (m.registered.station.kind === 'waste' && (key === 'battery' || key === 'fill')) continue;
      if (
        Array.isArray(l) ? values[key] < l[0] || values[key] > l[1] : typeof l === 'number' && values[key] > l
      )
        over.push(key);
    }
    return over;
  };

  it('exceed the applicable limit on their plateau and recover afterwards (same values as without the incident)', () => {
    let checked = 0;
    for (const r of all) {
      const m = createStationModel(r, { seed: 'inc' });
      const calm = createStationModel(r, { seed: 'inc', incidentRate: 0 });
      for (const w of m.incidents(T0, T0 + RANGE)) {
        const mid = (w.plateauStart + w.plateauEnd) / 2;
        expect(m.at(mid).incident).toMatchObject({ id: w.spec.id, strength: 1 });
        const over = exceeds(m, mid);
        if (over.length === 0)
          throw new Error(
            `${r.station.id} ${w.spec.id} at ${new Date(mid).toISOString()}: nothing over the limit`,
          );
        // Before and after: the incident leaves no trace.
        for (const t of [w.start - MINUTE, w.end, w.end + 30 * MINUTE]) {
          if (m.incidents(t, t + 1).length > 0) continue; // the next slot's incident
          expect(m.at(t).values).toEqual(calm.at(t).values);
          expect(m.at(t).incident).toBeUndefined();
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('push a 1-hour mean over the QCVN 05:2023 Bảng 1 limit (SO2 350 µg/m³ at Phong Khê), then back under it', () => {
    const m = createStationModel(station('pk-air-01'), { seed: 'inc' });
    const so2 = m
      .incidents(T0, T0 + RANGE)
      .filter((w) => 'SO2' in w.spec.effects && w.plateauEnd - w.plateauStart >= 60 * MINUTE);
    expect(so2.length).toBeGreaterThan(0);
    for (const w of so2) {
      const hour = Array.from({ length: 60 }, (_, i) => m.at(w.plateauStart + i * MINUTE).values.SO2);
      expect(hour.reduce((a, b) => a + b, 0) / 60).toBeGreaterThan(350);
      expect(m.at(w.end + MINUTE).values.SO2).toBeLessThan(350);
    }
  });

  it('push COD over QCVN 40:2011 column B × Kq × Kf (150 × 0.9 × 1.0 = 135 mg/L at pk-ww-01) and recover', () => {
    const r = station('pk-ww-01');
    expect(r.station.kind === 'wastewater' && wastewaterLimits(r.station.standard).COD).toBeCloseTo(135);
    const m = createStationModel(r, { seed: 'inc' });
    const cod = m.incidents(T0, T0 + RANGE).filter((w) => 'COD' in w.spec.effects);
    expect(cod.length).toBeGreaterThan(0);
    for (const w of cod) {
      expect(m.at(w.plateauStart).values.COD).toBeGreaterThan(135);
      expect(m.at(w.end).values.COD).toBeLessThan(135);
    }
  });
});

describe('waste bins', () => {
  const bins = all.filter((r) => r.station.kind === 'waste');

  it('fill up at a per-bin rate and are emptied to 0–5 % (± sensor noise) when a collection comes', () => {
    let binsOverThreshold = 0;
    const rates = new Set<number>();
    for (const r of bins) {
      const m = createStationModel(r, { seed: 'bins', incidentRate: 0 });
      const fill = Array.from(
        { length: (21 * DAY) / (10 * MINUTE) },
        (_, i) => m.at(T0 + i * 10 * MINUTE).values.fill,
      );
      let collections = 0;
      const problems: string[] = [];
      for (let i = 1; i < fill.length; i++) {
        const drop = fill[i - 1] - fill[i];
        if (drop > 20) {
          collections++;
          if (fill[i] > 9) problems.push(`${r.station.id}: ${fill[i]} % just after a collection`);
        } else if (drop > 8) {
          // Between collections only the sensor noise (σ 1.2 %) makes the fill go down.
          problems.push(`${r.station.id}: fill fell by ${drop} without a collection`);
        }
      }
      expect(problems).toEqual([]);
      expect(collections).toBeGreaterThanOrEqual(3);
      if (Math.max(...fill) >= 80) binsOverThreshold++;
      rates.add(Math.round(fill.slice(1, 40).reduce((a, b) => a + b, 0)));
    }
    expect(binsOverThreshold).toBeGreaterThan(bins.length / 3);
    expect(rates.size).toBeGreaterThan(bins.length / 2);
  });

  it('drain their battery slowly, replaced when nearly flat', () => {
    for (const r of bins) {
      const m = createStationModel(r, { seed: 'bins', incidentRate: 0 });
      let previous = m.at(T0).values.battery;
      for (let d = 1; d <= 400; d++) {
        const b = m.at(T0 + d * DAY).values.battery;
        if (b > previous) {
          expect(previous).toBeLessThanOrEqual(10);
          expect(b).toBeGreaterThanOrEqual(99);
        } else {
          expect(previous - b).toBeLessThanOrEqual(1);
        }
        previous = b;
      }
    }
  });

  it('report status 00 only (bins do not calibrate)', () => {
    const m = createStationModel(bins[0], { seed: 'bins' });
    for (let t = T0; t < T0 + 3 * DAY; t += 7 * MINUTE) expect(m.at(t).status).toBe('00');
  });
});

describe('calibration status', () => {
  it('reports 01 (calibrating) for about 15 minutes between 01:00 and 04:15 on some nights only', () => {
    for (const id of ['pk-ww-01', 'dh-air-01']) {
      const m = createStationModel(station(id), { seed: 'cal' });
      let calibrationMinutes = 0;
      const nights = new Set<number>();
      for (let t = T0; t < T0 + 30 * DAY; t += MINUTE) {
        if (m.at(t).status === '01') {
          calibrationMinutes++;
          nights.add(Math.floor((t + 7 * HOUR) / DAY));
          const h = hourOf(t);
          expect(h).toBeGreaterThanOrEqual(1);
          expect(h).toBeLessThan(4.25);
        }
      }
      expect(nights.size).toBeGreaterThan(3);
      expect(nights.size).toBeLessThan(25);
      expect(calibrationMinutes).toBe(nights.size * 15);
    }
  });
});
