import { DAY_MS, startOfVietnamDay, VIETNAM_OFFSET_MS, vietnamDayKey } from '@langxanh/contracts';

/** The parts of an instant in Vietnam local time that the daily and seasonal cycles depend on. */
export interface LocalTime {
  /** Hour of day with fraction, [0, 24). */
  readonly hour: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Day of year, 1…366. */
  readonly dayOfYear: number;
  /** Whole local days since 1970-01-01 (a stable key for "once a day" draws). */
  readonly dayIndex: number;
  /** Epoch ms of the local midnight that starts this day. */
  readonly dayStart: number;
}

/** Splits epoch ms into Vietnam local calendar parts (Asia/Ho_Chi_Minh, the contract's zone). */
export function vietnamLocal(t: number): LocalTime {
  const local = new Date(t + VIETNAM_OFFSET_MS);
  const dayIndex = vietnamDayKey(t);
  const year = local.getUTCFullYear();
  return {
    hour:
      local.getUTCHours() +
      local.getUTCMinutes() / 60 +
      local.getUTCSeconds() / 3600 +
      local.getUTCMilliseconds() / 3_600_000,
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
    dayOfYear: dayIndex - Math.floor(Date.UTC(year, 0, 1) / DAY_MS) + 1,
    dayIndex,
    dayStart: startOfVietnamDay(t),
  };
}

/** Gaussian bump centred on `centre` (hours) of width `width`, wrapping around midnight. */
export function bump(hour: number, centre: number, width: number): number {
  let d = Math.abs(hour - centre) % 24;
  if (d > 12) d = 24 - d;
  return Math.exp(-(d * d) / (2 * width * width));
}

/** Logistic step, 0 before `at` and 1 after it, over about `soft` hours. */
const step = (hour: number, at: number, soft = 0.25): number => 1 / (1 + Math.exp(-(hour - at) / soft));

/**
 * Workshop activity in a craft village, 0…1: two shifts 07:00–11:30 and 13:00–17:30 with a lunch break,
 * a little overtime into the evening, near zero at night, reduced on Sundays.
 */
export function workActivity(local: LocalTime): number {
  const h = local.hour;
  const morning = step(h, 7) * (1 - step(h, 11.5));
  const afternoon = step(h, 13) * (1 - step(h, 17.5));
  const evening = 0.3 * step(h, 17.5) * (1 - step(h, 21));
  const level = Math.max(0.05, morning + afternoon + evening + 0.3 * step(h, 11.5) * (1 - step(h, 13)));
  return Math.min(1, level) * (local.weekday === 7 ? 0.6 : 1);
}

/** Road traffic, 0…1: rush hours around 07:30 and 18:00 (Vietnam time), quiet at night. */
export function trafficActivity(local: LocalTime): number {
  const h = local.hour;
  return Math.min(1, 0.15 + 0.85 * bump(h, 7.5, 1.3) + 0.9 * bump(h, 18, 1.6) + 0.35 * bump(h, 12.5, 3));
}

/**
 * Diurnal shape of particulate matter near the ground, mean ≈ 1: traffic peaks in the morning and evening, a
 * night-time inversion that traps smoke (highest around 22:00–04:00), lowest in the early afternoon when the
 * mixing layer is deep.
 */
export function particulateShape(local: LocalTime): number {
  const h = local.hour;
  return (
    0.78 +
    0.35 * bump(h, 7.5, 1.3) +
    0.45 * bump(h, 19.5, 1.8) +
    0.3 * bump(h, 1.5, 3) -
    0.3 * bump(h, 14, 2.5)
  );
}

/** Sunlight, 0…1: zero at night, peaks at 12:30. */
export function sunshine(local: LocalTime): number {
  const x = (local.hour - 6) / 13;
  return x <= 0 || x >= 1 ? 0 : Math.sin(Math.PI * x);
}

/** Seasonal factor for pollution, ≈ 1.45 in mid-January (dry north-east monsoon), ≈ 0.55 in mid-July (rain). */
export function pollutionSeason(local: LocalTime): number {
  return 1 + 0.45 * Math.cos((2 * Math.PI * (local.dayOfYear - 15)) / 365.25);
}

/**
 * Air temperature in °C for the Bắc Ninh plain (Hà Nội climate normals: monthly means ≈ 16.5 °C in January,
 * ≈ 29 °C in July), coolest around 05:30, warmest around 14:30.
 */
export function airTemperature(local: LocalTime, wobble: number): number {
  const seasonal = 23.2 - 6.4 * Math.cos((2 * Math.PI * (local.dayOfYear - 15)) / 365.25);
  const diurnal = 3.8 * Math.cos((2 * Math.PI * (local.hour - 14.5)) / 24);
  return seasonal + diurnal + wobble;
}
