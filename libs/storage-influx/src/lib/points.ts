/**
 * Line protocol for readings and alerts (pure functions, no I/O).
 *
 * Schema (InfluxDB 1.x database / 2.x–3.x bucket):
 * - measurement = station kind (`wastewater`, `air`, `waste`); tags `cluster`, `station`; one FLOAT field per
 *   parameter in the catalogue unit (an integer 40 is written `40`, never `40i`: the field type is fixed by the
 *   first write and an integer would conflict later); a string field `<parameter>_status` only when the datalogger
 *   status of that parameter is not `00` (normal); a string field `<parameter>_quality` (`over_range` /
 *   `under_range`) only when the value was kept beyond its measuring range (contracts `Reading.quality`, docs/contract.md
 *   § Quality flags); timestamp = reading time in epoch ms.
 * - measurement `alert`; tags `cluster`, `station`, `rule` (= ruleId), `parameter`; string fields `json` (the whole
 *   AlertDto) and `state`; timestamp = processing time in epoch ms.
 *
 * Writing the same reading twice gives the same series key and timestamp: InfluxDB keeps one point (idempotent).
 */
import type { AlertDto, Reading } from '@langxanh/contracts';
import { Point, escape } from '@influxdata/influxdb-client';

/** Name of the alert measurement. */
export const ALERT_MEASUREMENT = 'alert';

/** Suffix of the status field written next to a parameter whose status is not `00`. */
export const STATUS_FIELD_SUFFIX = '_status';

/** Suffix of the quality field written next to a value kept beyond its measuring range (`over_range`). */
export const QUALITY_FIELD_SUFFIX = '_quality';

const msTime = {
  convertTime: (t: string | number | Date | undefined) =>
    typeof t === 'number' ? String(Math.floor(t)) : undefined,
};

/** Result of {@link readingToLine}: the line, and the parameters skipped because their value was not finite. */
export interface ReadingLine {
  readonly line: string | undefined;
  readonly skipped: readonly string[];
}

/** Per station: the escaped `measurement,cluster=…,station=…` start of its lines, and what it was built from. */
const seriesPrefixes = new Map<string, { kind: string; cluster: string; prefix: string }>();
/** Escaped field keys (catalogue parameters and their `_status` fields). */
const fieldKeys = new Map<string, string>();

function seriesPrefix(kind: string, cluster: string, station: string): string {
  const cached = seriesPrefixes.get(station);
  if (cached && cached.kind === kind && cached.cluster === cluster) return cached.prefix;
  // As Point.toLineProtocol: tags sorted by key (cluster < station), a tag with an empty value left out.
  let prefix = escape.measurement(kind);
  if (cluster) prefix += `,cluster=${escape.tag(cluster)}`;
  if (station) prefix += `,station=${escape.tag(station)}`;
  seriesPrefixes.set(station, { kind, cluster, prefix });
  return prefix;
}

function fieldKey(name: string): string {
  let key = fieldKeys.get(name);
  if (key === undefined) {
    key = escape.tag(name);
    fieldKeys.set(name, key);
  }
  return key;
}

/**
 * The line protocol line of a reading (ms precision). Non-finite values are skipped (the contracts never produce
 * them); `line` is `undefined` when no value is left. The same text as `@influxdata/influxdb-client`'s `Point`
 * (fields sorted by key, `String(value)` for a float, the same escaping; points.spec.ts compares both), built
 * without a Point and with the escaped series start and field keys kept: it runs once per reading.
 */
export function readingToLine(reading: Reading): ReadingLine {
  const skipped: string[] = [];
  const fields: Record<string, string> = {};
  let count = 0;
  for (const parameter in reading.values) {
    const value = reading.values[parameter];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      skipped.push(parameter);
      continue;
    }
    fields[parameter] = String(value);
    count++;
    const status = reading.status[parameter] ?? '00';
    if (status !== '00') fields[`${parameter}${STATUS_FIELD_SUFFIX}`] = escape.quoted(status);
    const quality = reading.quality?.[parameter];
    if (quality !== undefined) fields[`${parameter}${QUALITY_FIELD_SUFFIX}`] = escape.quoted(quality);
  }
  if (count === 0) return { line: undefined, skipped };
  let fieldsLine = '';
  for (const name of Object.keys(fields).sort()) {
    if (!name) continue;
    if (fieldsLine.length > 0) fieldsLine += ',';
    fieldsLine += `${fieldKey(name)}=${fields[name]}`;
  }
  if (fieldsLine.length === 0) return { line: undefined, skipped };
  const line = `${seriesPrefix(reading.kind, reading.cluster, reading.station)} ${fieldsLine} ${msTime.convertTime(reading.time)}`;
  return { line, skipped };
}

/**
 * Processing-time stamps (epoch ms) that strictly increase within one instance: `Date.now()`, or one more than the
 * last stamp when the clock has not moved on (or went back). Alert states and alerting documents are stamped with it
 * so that two states of one alert (one series) never share a timestamp, which would make InfluxDB keep only the last.
 */
export class ProcessingClock {
  private last = 0;

  /** @param now the clock (epoch ms); `Date.now` by default. */
  constructor(private readonly now: () => number = Date.now) {}

  /** The next stamp: `max(now(), previous + 1)`. */
  next(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }
}

/** Measurement of alert documents other than alert states: silences (`alert_silence`), notifications sent. */
export type AlertDocumentMeasurement = 'alert_silence' | 'alert_notification';

/**
 * One line of a JSON-carrying measurement (alert states, alerting documents): `tags` (a tag with an empty value is
 * left out), string `fields`, stamped `timeMs` (epoch ms).
 */
function stringFieldsLine(
  measurement: string,
  tags: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, string>>,
  timeMs: number,
): string {
  const point = new Point(measurement);
  for (const [name, value] of Object.entries(tags)) if (value !== '') point.tag(name, value);
  for (const [name, value] of Object.entries(fields)) point.stringField(name, value);
  const line = point.timestamp(timeMs).toLineProtocol(msTime);
  // A point with string fields always serialises; the guard keeps the type honest.
  if (!line) throw new Error(`${measurement} point produced no line`);
  return line;
}

/** The line protocol line of an alert state, stamped `timeMs` (epoch ms; see {@link ProcessingClock}). */
export function alertToLine(alert: AlertDto, timeMs: number): string {
  const tags = {
    cluster: alert.cluster,
    station: alert.station,
    rule: alert.ruleId,
    parameter: alert.parameter,
  };
  return stringFieldsLine(
    ALERT_MEASUREMENT,
    tags,
    { json: JSON.stringify(alert), state: alert.state },
    timeMs,
  );
}

/**
 * A document line of the alerting side (silences, notification records): `tags` (small, bounded sets such as
 * cluster, station, channel), a string field `json` with the document and a string field `key` (its identity),
 * stamped `timeMs` (epoch ms; see {@link ProcessingClock}).
 */
export function documentToLine(
  measurement: AlertDocumentMeasurement,
  tags: Readonly<Record<string, string>>,
  key: string,
  json: unknown,
  timeMs: number,
): string {
  return stringFieldsLine(measurement, tags, { key, json: JSON.stringify(json) }, timeMs);
}
