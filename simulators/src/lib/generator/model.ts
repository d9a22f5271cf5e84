import {
  PARAMETER_CATALOGUE,
  VIETNAM_OFFSET_MS,
  vietnamDayKey,
  type ParameterSpec,
  type RegisteredStation,
  type StationKind,
  type StatusCode,
} from '@langxanh/contracts';
import { activeIncident, incidentsBetween, type IncidentWindow } from './incidents';
import { AIR_LIMITS_1H, airLimits24h, wasteLimits, wastewaterLimits, type WastewaterLimits } from './limits';
import {
  airTemperature,
  particulateShape,
  pollutionSeason,
  sunshine,
  trafficActivity,
  vietnamLocal,
  workActivity,
  type LocalTime,
} from './local-time';
import { craftProfile, type CraftProfile, type Effect, type IncidentSpec } from './profiles';
import { between, driftFactor, normal, smoothNoise, uniform } from './random';

export interface GeneratorOptions {
  /** Seed of every random draw: same seed, station and time → same reading. */
  readonly seed: string;
  /** Multiplies the chance of an incident per 6-hour slot (0 = never, default 1). */
  readonly incidentRate?: number;
}

/** An incident in progress at the time of a reading. */
export interface IncidentState {
  readonly id: string;
  readonly description: string;
  readonly start: number;
  readonly end: number;
  /** 0…1: rising, 1 on the plateau, falling. */
  readonly strength: number;
}

/** What the generator produces for one station and instant; the caller adds the timestamp. */
export interface GeneratedReading {
  /** Parameter key → value in the catalogue unit, rounded to the catalogue decimals, within the catalogue range. */
  readonly values: Record<string, number>;
  /** `00` measuring, `01` calibrating (TT 10/2021/TT-BTNMT status codes). */
  readonly status: StatusCode;
  readonly incident?: IncidentState;
}

/** A station's value generator: `at(t)` is a pure function of (seed, station, t). */
export interface StationModel {
  readonly registered: RegisteredStation;
  readonly profile: CraftProfile;
  at(t: number): GeneratedReading;
  /** Incidents whose window overlaps [from, to). */
  incidents(from: number, to: number): IncidentWindow[];
  /** The limit an incident on `parameter` aims at, in the catalogue unit (upper limit; for pH the range). */
  limit(parameter: string, t: number): number | readonly [number, number] | undefined;
}

/** Chance per 6-hour slot that a station has an incident (× `incidentRate`): ≈ 0.4 a day for monitoring stations. */
export const BASE_INCIDENT_PROBABILITY: Readonly<Record<StationKind, number>> = {
  air: 0.1,
  wastewater: 0.1,
  waste: 0.03,
};

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Keeps a normal-operation value under `limit`: unchanged up to 75 % of it, then bent smoothly so that it never
 * passes 92 %. Exceedances come from incidents only, so that every alert the simulator causes has a known start
 * and end.
 */
export function softCap(x: number, limit: number): number {
  const knee = 0.75 * limit;
  if (x <= knee) return x;
  const room = 0.17 * limit;
  return knee + room * Math.tanh((x - knee) / room);
}

const finish = (specs: readonly ParameterSpec[], raw: Record<string, number>): Record<string, number> => {
  const values: Record<string, number> = {};
  for (const spec of specs) {
    const v = raw[spec.key];
    if (v === undefined || !Number.isFinite(v)) continue;
    const clamped = Math.min(spec.range[1], Math.max(spec.range[0], v));
    const f = 10 ** spec.decimals;
    values[spec.key] = Math.round(clamped * f) / f;
  }
  return values;
};

/** Builds the model of one registered station. */
export function createStationModel(registered: RegisteredStation, options: GeneratorOptions): StationModel {
  const { station, cluster } = registered;
  const seed = options.seed;
  const id = station.id;
  const profile = craftProfile(cluster);
  const specs = PARAMETER_CATALOGUE[station.kind];
  const probability = Math.min(1, BASE_INCIDENT_PROBABILITY[station.kind] * (options.incidentRate ?? 1));
  const incidentSpecs: readonly IncidentSpec[] =
    station.kind === 'air'
      ? profile.air.incidents
      : station.kind === 'wastewater'
        ? profile.wastewater.incidents
        : profile.waste.incidents;

  const wwLimits = station.kind === 'wastewater' ? wastewaterLimits(station.standard) : undefined;
  const limit = (parameter: string, t: number): number | readonly [number, number] | undefined => {
    switch (station.kind) {
      case 'air':
        return (
          (AIR_LIMITS_1H as Record<string, number>)[parameter] ??
          (airLimits24h(t) as Record<string, number>)[parameter]
        );
      case 'wastewater':
        return (wwLimits as unknown as Record<string, number | [number, number]> | undefined)?.[parameter];
      case 'waste': {
        const l = wasteLimits(station.standard);
        return (
          { fill: l.fill, temp: l.fireTemp, tilt: l.tilt, battery: l.lowBattery } as Record<string, number>
        )[parameter];
      }
    }
  };

  const target = (effect: Effect, parameter: string, normalValue: number, key: string, t: number): number => {
    const draw = (a: number, b: number): number => between(a, b, seed, key, parameter, 'magnitude');
    switch (effect.to) {
      case 'level':
        return draw(effect.value[0], effect.value[1]);
      case 'scale':
        return normalValue * draw(effect.factor[0], effect.factor[1]);
      case 'limit': {
        const l = limit(parameter, t);
        const upper = typeof l === 'number' ? l : (l?.[1] ?? normalValue);
        return upper * draw(effect.factor[0], effect.factor[1]);
      }
    }
  };

  const applyIncident = (raw: Record<string, number>, t: number): IncidentState | undefined => {
    const active = activeIncident(seed, id, incidentSpecs, probability, t);
    if (!active) return undefined;
    const { window, strength } = active;
    for (const [parameter, effect] of Object.entries(window.spec.effects)) {
      const v = raw[parameter];
      if (v === undefined) continue;
      raw[parameter] = v + strength * (target(effect, parameter, v, window.key, t) - v);
    }
    return {
      id: window.spec.id,
      description: window.spec.description,
      start: window.start,
      end: window.end,
      strength,
    };
  };

  /** Automatic zero/span check: on about a third of the days, 15 minutes between 01:00 and 04:00 local time. */
  const calibrating = (local: LocalTime, t: number): boolean => {
    if (station.kind === 'waste') return false;
    if (uniform(seed, id, 'calibration', local.dayIndex) >= 0.35) return false;
    const start =
      local.dayStart + HOUR + Math.floor(uniform(seed, id, 'calibration-start', local.dayIndex) * 3 * HOUR);
    return t >= start && t < start + 15 * MINUTE;
  };

  const jitter = (key: string, t: number, sigma = 0.04): number =>
    1 + sigma * normal(seed, id, key, 'jitter', t);

  // ---- air -------------------------------------------------------------------------------------------------------
  const site = between(0.7, 1.3, seed, id, 'site');
  const airValues = (local: LocalTime, t: number): Record<string, number> => {
    const p = profile.air;
    const season = pollutionSeason(local);
    const weather = driftFactor(t, 6 * HOUR, 0.35, seed, 'region', 'weather');
    const shape = particulateShape(local);
    const traffic = trafficActivity(local);
    const work = workActivity(local);
    const activity = p.schedule === 'continuous' ? 0.75 + 0.25 * work : work;
    const source = activity * site * driftFactor(t, 30 * MINUTE, 0.3, seed, id, 'source');

    const pm25 =
      (34 * season * weather * shape * driftFactor(t, 90 * MINUTE, 0.15, seed, id, 'pm') +
        p.pm25 * source * Math.sqrt(shape)) *
      jitter('PM2.5', t);
    // PM10 bent below 240 so that TSP ≥ 1.1 × PM10 stays under its 1-h limit in normal operation.
    const pm10 = softCap(
      pm25 * (1.4 + 0.08 * smoothNoise(t, 2 * HOUR, seed, id, 'pm-ratio')) +
        p.coarse * source * jitter('PM10', t),
      240,
    );
    const tsp = softCap((pm10 * 1.3 + p.tsp * source) * jitter('TSP', t), AIR_LIMITS_1H.TSP);
    const so2 = softCap(
      ((8 + 6 * season) * weather + p.so2 * source) * jitter('SO2', t, 0.06),
      AIR_LIMITS_1H.SO2,
    );
    const no2 = softCap(
      ((15 + 35 * traffic) * weather ** 0.7 + p.no2 * source) * jitter('NO2', t, 0.06),
      AIR_LIMITS_1H.NO2,
    );
    const co = softCap(
      ((600 + 1100 * traffic) * weather * Math.sqrt(season) + p.co * source) * jitter('CO', t),
      AIR_LIMITS_1H.CO,
    );
    // Photochemical ozone: sunny dry spring (peak around May) more than the rainy summer or the overcast winter.
    const ozoneSeason = 1 + 0.2 * Math.cos((2 * Math.PI * (local.dayOfYear - 130)) / 365.25);
    const o3 = softCap(
      Math.max(3, (10 + 95 * sunshine(local) * ozoneSeason) / weather ** 0.3 - 0.15 * no2) *
        jitter('O3', t, 0.06),
      AIR_LIMITS_1H.O3,
    );
    const temp = airTemperature(
      local,
      1.5 * smoothNoise(t, 8 * HOUR, seed, 'region', 'temp') + 0.3 * smoothNoise(t, HOUR, seed, id, 'temp'),
    );
    const meanTemp = airTemperature({ ...local, hour: 8.5 }, 0); // cos term ≈ 0 at 08:30: the daily mean
    const rh =
      80 -
      2.6 * (temp - meanTemp) +
      7 * smoothNoise(t, 6 * HOUR, seed, 'region', 'rh') +
      0.8 * normal(seed, id, 'rh', t);
    const background = 47 + 14 * traffic + 4 * work;
    const noise =
      10 * Math.log10(10 ** (background / 10) + source * 10 ** (p.noise / 10)) +
      1.2 * normal(seed, id, 'noise', t);

    return {
      'PM2.5': pm25,
      PM10: pm10,
      TSP: tsp,
      SO2: so2,
      NO2: no2,
      CO: co,
      O3: o3,
      Temp: temp,
      RH: Math.min(99, Math.max(25, rh)),
      Noise: noise,
    };
  };
  const airConsistency = (raw: Record<string, number>): void => {
    raw.PM10 = Math.max(raw.PM10, raw['PM2.5'] * 1.05);
    raw.TSP = Math.max(raw.TSP, raw.PM10 * 1.1);
  };

  // ---- wastewater ------------------------------------------------------------------------------------------------
  const ww = profile.wastewater;
  const wwActivity = (local: LocalTime): number =>
    ww.schedule === 'continuous' ? 0.8 + 0.2 * workActivity(local) : workActivity(local);
  // Mean of the flow shape over a weekday, so that the daily volume comes out as profile.flowM3PerDay.
  let shapeSum = 0;
  for (let q = 0; q < 96; q++) {
    shapeSum += 0.3 + 0.7 * wwActivity({ hour: q / 4, weekday: 3, dayOfYear: 1, dayIndex: 0, dayStart: 0 });
  }
  const flowNorm = shapeSum / 96;
  const wastewaterValues = (local: LocalTime, t: number, l: WastewaterLimits): Record<string, number> => {
    const work = wwActivity(local);
    const flow =
      (((ww.flowM3PerDay / 24) * (0.3 + 0.7 * work)) / flowNorm) *
      driftFactor(t, 2 * HOUR, 0.1, seed, id, 'flow') *
      jitter('Flow', t, 0.03);
    const load = 0.85 + 0.25 * work;
    const cod = softCap(
      l.COD *
        ww.fraction.COD *
        load *
        driftFactor(t, 3 * HOUR, 0.12, seed, id, 'cod') *
        jitter('COD', t, 0.03),
      l.COD,
    );
    const bod = softCap(cod * ww.bodRatio * jitter('BOD5', t, 0.05), l.BOD5);
    const tss = softCap(
      l.TSS *
        ww.fraction.TSS *
        (0.8 + 0.3 * work) *
        driftFactor(t, 2 * HOUR, 0.15, seed, id, 'tss') *
        jitter('TSS', t),
      l.TSS,
    );
    const nh4 = softCap(
      l.NH4 * ww.fraction.NH4 * driftFactor(t, 4 * HOUR, 0.15, seed, id, 'nh4') * jitter('NH4', t),
      l.NH4,
    );
    const tn = softCap(
      Math.max(nh4 * 1.4, l.TN * ww.fraction.TN * driftFactor(t, 4 * HOUR, 0.12, seed, id, 'tn')) *
        jitter('TN', t, 0.03),
      l.TN,
    );
    const tp = softCap(
      l.TP * ww.fraction.TP * driftFactor(t, 4 * HOUR, 0.15, seed, id, 'tp') * jitter('TP', t),
      l.TP,
    );
    const colour = softCap(
      ww.colour *
        (0.9 + 0.2 * work) *
        driftFactor(t, 3 * HOUR, 0.12, seed, id, 'colour') *
        jitter('Color', t, 0.03),
      l.Color,
    );
    const pH = ww.pH + 0.25 * smoothNoise(t, 3 * HOUR, seed, id, 'ph') + 0.03 * normal(seed, id, 'pH', t);
    const temp = softCap(
      airTemperature(local, smoothNoise(t, 8 * HOUR, seed, 'region', 'temp')) * 0.7 +
        8 +
        ww.warmer * (0.6 + 0.4 * work) +
        0.2 * normal(seed, id, 'Temp', t),
      l.Temp,
    );
    return {
      Flow: flow,
      Temp: temp,
      pH,
      TSS: tss,
      COD: cod,
      BOD5: bod,
      NH4: nh4,
      TN: tn,
      TP: tp,
      Color: colour,
    };
  };

  // ---- waste bins ------------------------------------------------------------------------------------------------
  const binRate = (() => {
    if (station.kind !== 'waste') return 0;
    const perDay = { recyclable: 32, food: 55, other: 42, industrial: 60 }[station.standard.wasteCategory];
    return perDay * profile.waste.fillMultiplier * between(0.75, 1.3, seed, id, 'fill-rate');
  })();
  /** Days between collections: the truck comes more often to bins that fill fast. */
  const binPeriod = binRate > 70 ? 1 : binRate > 40 ? 2 : 3;
  const binPhase = Math.floor(uniform(seed, id, 'collection-phase') * binPeriod);
  const batteryLifeDays = between(300, 600, seed, id, 'battery-life');
  const batteryPhase = uniform(seed, id, 'battery-phase');
  const tiltAtRest = between(0, 4, seed, id, 'tilt');

  /** Filling weight over the day, mean 1: most waste arrives in the afternoon, little at night. */
  const fillIntegralHours = (aLocalH: number, bLocalH: number): number => {
    const w = (2 * Math.PI) / 24;
    return bLocalH - aLocalH - (0.8 / w) * (Math.cos(w * (bLocalH - 8)) - Math.cos(w * (aLocalH - 8)));
  };

  /** The last collection at or before `t`: a visit on the bin's collection days, 05:30–08:00, 8 % of visits missed. */
  const lastCollection = (t: number): { time: number; residual: number } => {
    const today = vietnamDayKey(t);
    for (let d = today; d > today - 10; d--) {
      if ((((d + binPhase) % binPeriod) + binPeriod) % binPeriod !== 0) continue;
      const time =
        d * DAY -
        VIETNAM_OFFSET_MS +
        5.5 * HOUR +
        Math.floor(uniform(seed, id, 'collection-time', d) * 2.5 * HOUR);
      if (time > t) continue;
      if (uniform(seed, id, 'collection-missed', d) < 0.08) continue;
      return { time, residual: between(0, 5, seed, id, 'residual', d) };
    }
    return { time: t - 10 * DAY, residual: 0 };
  };

  const wasteValues = (local: LocalTime, t: number): Record<string, number> => {
    const last = lastCollection(t);
    const hours = fillIntegralHours((last.time + VIETNAM_OFFSET_MS) / HOUR, (t + VIETNAM_OFFSET_MS) / HOUR);
    const fill = Math.min(100, last.residual + (binRate * hours) / 24) + 1.2 * normal(seed, id, 'fill', t);
    const temp =
      airTemperature(local, smoothNoise(t, 8 * HOUR, seed, 'region', 'temp')) +
      5 * sunshine(local) +
      0.4 * normal(seed, id, 'temp', t);
    const lifeFraction = (((t / DAY / batteryLifeDays + batteryPhase) % 1) + 1) % 1;
    const battery = 100 - 92 * lifeFraction;
    const tilt = Math.max(0, tiltAtRest + 0.6 * normal(seed, id, 'tilt', t));
    return { fill, temp, battery, tilt };
  };

  const at = (t: number): GeneratedReading => {
    const local = vietnamLocal(t);
    const raw =
      station.kind === 'air'
        ? airValues(local, t)
        : wwLimits
          ? wastewaterValues(local, t, wwLimits)
          : wasteValues(local, t);
    const incident = applyIncident(raw, t);
    if (station.kind === 'air') airConsistency(raw);
    const status: StatusCode = calibrating(local, t) ? '01' : '00';
    return incident
      ? { values: finish(specs, raw), status, incident }
      : { values: finish(specs, raw), status };
  };

  return {
    registered,
    profile,
    at,
    incidents: (from, to) => incidentsBetween(seed, id, incidentSpecs, probability, from, to),
    limit,
  };
}

/** Convenience: one reading of one station at `t` (builds the model each call; prefer {@link createStationModel}). */
export function generateReading(
  registered: RegisteredStation,
  t: number,
  options: GeneratorOptions,
): GeneratedReading {
  return createStationModel(registered, options).at(t);
}
