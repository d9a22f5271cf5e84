import { createReadStream } from 'node:fs';
import { VIETNAM_TIME_ZONE } from '@langxanh/contracts';
import { parse } from 'csv-parse';
import { DateTime } from 'luxon';
import { sharedDataFile } from '../registry';
import { PlanBuilder, type PlanFilter, type ReplayPlan, type RowOutcome } from './messages';

/**
 * Beijing Dongsi station, hourly, December 2016 (UCI "Beijing Multi-Site Air-Quality Data", CC BY 4.0;
 * shared data/real/beijing-prsa-dongsi-multipollutant-2016-12/README.md). Not Vietnamese data: it gives a
 * realistic co-varying six-pollutant series for the message shape and the dashboard.
 */
export type BeijingRow = Readonly<Record<string, string>>;

export function defaultBeijingFile(): string {
  return sharedDataFile('beijing-prsa-dongsi-multipollutant-2016-12', 'PRSA_Data_Dongsi_2016-12.csv');
}

/** Beijing local time: China Standard Time, UTC+8, no daylight saving since 1991. */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';

/** CSV column → catalogue key; all concentrations in µg/m³ as in the catalogue (CO too: UCI documents µg/m³). */
const POLLUTANTS: readonly (readonly [string, string])[] = [
  ['PM2.5', 'PM2.5'],
  ['PM10', 'PM10'],
  ['SO2', 'SO2'],
  ['NO2', 'NO2'],
  ['CO', 'CO'],
  ['O3', 'O3'],
  ['TEMP', 'Temp'],
];

/**
 * Relative humidity (%) from air temperature and dew point (°C), Magnus formula with the Alduchov & Eskridge
 * (1996) coefficients a = 17.625, b = 243.04 °C. The file has no RH column; this is the derived value, rounded to
 * 0.1 % and capped at 100.
 */
export function relativeHumidity(tempC: number, dewPointC: number): number {
  const gamma = (t: number): number => (17.625 * t) / (243.04 + t);
  const rh = 100 * Math.exp(gamma(dewPointC) - gamma(tempC));
  return Math.min(100, Math.round(rh * 10) / 10);
}

const number = (text: string | undefined): number | undefined => {
  const s = (text ?? '').trim();
  if (s === '' || s === 'NA') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
};

/**
 * Maps one Dongsi row to a message. Pure.
 *
 * Time: `year, month, day, hour` are Beijing local time (UTC+8; the source does not say whether the hour begins or
 * ends the interval, the label is kept). It is converted to the same instant in Vietnam time (UTC+7) and written
 * without offset, as the contract expects: `2016-12-01 00:00` Beijing → `2016-11-30T23:00:00`.
 * Values: PM2.5, PM10, SO2, NO2, CO, O3 (µg/m³) and TEMP (°C) as `Temp`; `RH` derived from TEMP and DEWP
 * ({@link relativeHumidity}). `NA` values are left out (and listed in `missing`); a row left with none is skipped.
 */
export function beijingRowToMessage(row: BeijingRow): RowOutcome & { readonly missing?: readonly string[] } {
  const [year, month, day, hour] = ['year', 'month', 'day', 'hour'].map((c) => number(row[c]));
  if (year === undefined || month === undefined || day === undefined || hour === undefined) {
    return {
      ok: false,
      reason: 'bad_date',
      detail: `year/month/day/hour ${row.year}/${row.month}/${row.day}/${row.hour}`,
    };
  }
  const beijing = DateTime.fromObject({ year, month, day, hour }, { zone: BEIJING_TIME_ZONE });
  if (!beijing.isValid)
    return { ok: false, reason: 'bad_date', detail: `${year}-${month}-${day} ${hour}:00` };
  const ts = beijing.setZone(VIETNAM_TIME_ZONE).toFormat("yyyy-MM-dd'T'HH:mm:ss");

  const values: Record<string, number> = {};
  const missing: string[] = [];
  for (const [column, key] of POLLUTANTS) {
    const v = number(row[column]);
    if (v === undefined) missing.push(key);
    else values[key] = v;
  }
  const temp = number(row.TEMP);
  const dew = number(row.DEWP);
  if (temp !== undefined && dew !== undefined) values.RH = relativeHumidity(temp, dew);
  else missing.push('RH');
  if (Object.keys(values).length === 0)
    return { ok: false, reason: 'no_values', detail: `no value at ${ts}` };
  return { ok: true, message: { ts, values, status: '00' }, missing };
}

/** Every message of a Dongsi file, in file order, with the counts (every row counts as valid: no QC column). */
export async function beijingMessages(
  file: string = defaultBeijingFile(),
  filter: PlanFilter = {},
): Promise<ReplayPlan> {
  const plan = new PlanBuilder('beijing', file, filter);
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }),
  );
  for await (const row of parser as AsyncIterable<BeijingRow>) {
    const outcome = beijingRowToMessage(row);
    plan.add(outcome, true, outcome.ok ? (outcome.missing ?? []) : []);
  }
  return plan.build();
}
