import {
  readingTopic,
  parseTopic,
  toVietnamIso,
  validateReading,
  type Reading,
  type Rejection,
  type StationIndex,
  type StatusCode,
} from '@langxanh/contracts';

/**
 * The reading payload an import sends for one station and time: the contract's `…/reading` payload
 * (docs/contract.md), so that it goes through exactly the validation of an MQTT message.
 */
export interface ImportPayload {
  /** ISO 8601 with an offset (the import always writes the Vietnam offset, `+07:00`). */
  readonly ts: string;
  /** Parameter key → number, or a text the contract reads (decimal comma) or refuses. */
  readonly values: Readonly<Record<string, number | string>>;
  readonly status: StatusCode | Readonly<Record<string, StatusCode>>;
  /** Parameter → the unit its value is in, when the source states one (converted by the contract's unit rules). */
  readonly units?: Readonly<Record<string, string>>;
}

/** One reading read from a file, before validation. */
export interface ImportItem {
  /** Registry station id. */
  readonly station: string;
  /** `file:line`, for messages. */
  readonly source: string;
  readonly payload: ImportPayload;
  /** Mapped parameters whose cell was missing (counted in the summary). */
  readonly missing?: readonly string[];
}

/** Why a row or line of a file gives no reading. */
export type SkipReason = 'filtered' | 'no_station' | 'bad_time' | 'no_values' | 'bad_file';

export interface SkipOutcome {
  readonly skip: SkipReason;
  readonly detail: string;
  readonly missing?: readonly string[];
}

export const isSkip = (outcome: ImportItem | SkipOutcome): outcome is SkipOutcome => 'skip' in outcome;

/** The outcome of validating one {@link ImportItem}: the reading the ingester would store, and what was refused. */
export interface CheckedItem {
  readonly reading?: Reading;
  readonly rejections: readonly Rejection[];
}

/**
 * Validates an item exactly as the ingester validates an MQTT message on the station's reading topic
 * (`validateReading` of libs/contracts: time bounds, registry, catalogue, units, plausible ranges).
 * An unknown station is refused with `unknown_station`.
 * @param now the clock of the time bound (epoch ms; readings more than 5 min ahead of it are refused)
 */
export function checkItem(item: ImportItem, stations: StationIndex, now: number): CheckedItem {
  const registered = stations.get(item.station);
  if (!registered) {
    return { rejections: [{ reason: 'unknown_station', detail: `station "${item.station}" is not in the registry` }] };
  }
  const topic = parseTopic(readingTopic(registered.cluster.id, registered.station.kind, registered.station.id));
  if (!topic) {
    return { rejections: [{ reason: 'bad_topic', detail: `station id "${item.station}" makes no valid topic` }] };
  }
  const outcome = validateReading(topic, JSON.stringify(item.payload), { stations, now });
  return { reading: outcome.reading, rejections: outcome.rejections };
}

/** The `--dry-run` line of a reading: `{"station","ts","values","status"}` (ts with the Vietnam offset). */
export interface DryRunLine {
  readonly station: string;
  readonly ts: string;
  readonly values: Readonly<Record<string, number>>;
  readonly status: StatusCode | Readonly<Record<string, StatusCode>>;
}

/**
 * A validated reading as the contract's reading shape plus its station: values in the catalogue unit, the status
 * as one code when every parameter has the same, else the per-parameter map.
 */
export function dryRunLine(reading: Reading): DryRunLine {
  const codes = new Set(Object.values(reading.status));
  const status: StatusCode | Record<string, StatusCode> =
    codes.size === 1 ? [...codes][0] : { ...reading.status };
  return { station: reading.station, ts: toVietnamIso(reading.time), values: reading.values, status };
}
