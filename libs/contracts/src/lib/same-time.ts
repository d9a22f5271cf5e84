import type { QualityFlag, Reading, Rejection, StatusCode } from './reading';

/** Reading times remembered per station by default (the newest, by arrival). */
export const SAME_TIME_MEMORY_PER_STATION = 32;

/** What {@link SameTimeReadings.check} decided about one accepted reading. */
export interface SameTimeVerdict {
  /**
   * The part of the reading to store and announce: its values for parameters not yet given at this station and
   * time (all of them for a new time). Absent when nothing is new.
   */
  readonly reading?: Reading;
  /** One `same_time_conflict` rejection per value refused (another value or status at the same time). */
  readonly conflicts: readonly Rejection[];
  /** Every value repeats the remembered one exactly: an idempotent redelivery, nothing to store or announce. */
  readonly duplicate: boolean;
}

/** The values and statuses given for one station and time (the reading's own objects until a merge). */
interface Remembered {
  values: Readonly<Record<string, number>>;
  status: Readonly<Record<string, StatusCode>>;
}

/**
 * The rule for readings of one station at the same millisecond (rule `same_time_conflict`, input-rules.ts): the
 * **first** value of a station, parameter and time wins, everywhere. InfluxDB would keep the last write of a field
 * at a series and time, while the alert rules evaluate a time once (the first); refusing a different second value
 * before it is stored makes both hold the first. The same value and status again (a QoS 1 redelivery, a station
 * sending a message twice) is an idempotent duplicate; a parameter not yet given at that time is new and kept
 * (InfluxDB merges fields of one point, the alert rules evaluate each rule once).
 *
 * Bounded memory: the newest `perStation` reading times per station (by arrival); an older time is forgotten, and
 * a reading at a forgotten time is judged as new (the alert rules skip it as late: not newer than the last one
 * evaluated). The memory is per process: it starts empty at each start-up. Pure: no I/O, no clock.
 */
export class SameTimeReadings {
  private readonly byStation = new Map<string, Map<number, Remembered>>();

  constructor(private readonly perStation = SAME_TIME_MEMORY_PER_STATION) {}

  /** Judges `reading` against the remembered ones; remembers nothing (see {@link remember}). */
  check(reading: Reading): SameTimeVerdict {
    const known = this.byStation.get(reading.station)?.get(reading.time);
    if (!known) return { reading, conflicts: [], duplicate: false };
    const conflicts: Rejection[] = [];
    const values: Record<string, number> = {};
    const status: Record<string, StatusCode> = {};
    let quality: Record<string, QualityFlag> | undefined;
    let fresh = 0;
    for (const parameter in reading.values) {
      const value = reading.values[parameter] as number;
      const code = reading.status[parameter] ?? '00';
      const earlierValue = known.values[parameter];
      if (earlierValue === undefined) {
        values[parameter] = value;
        status[parameter] = code;
        const flag = reading.quality?.[parameter];
        if (flag !== undefined) (quality ??= {})[parameter] = flag;
        fresh++;
      } else if (!Object.is(earlierValue, value) || (known.status[parameter] ?? '00') !== code) {
        conflicts.push({
          reason: 'same_time_conflict',
          parameter,
          detail:
            `${parameter}=${value} (${code}) at ${new Date(reading.time).toISOString()}: this station already gave ` +
            `${earlierValue} (${known.status[parameter] ?? '00'}) at that millisecond; the first is kept`,
        });
      }
    }
    if (fresh === 0) return { conflicts, duplicate: conflicts.length === 0 };
    const kept: Reading = {
      cluster: reading.cluster,
      kind: reading.kind,
      station: reading.station,
      time: reading.time,
      values,
      status,
      ...(quality === undefined ? {} : { quality }),
    };
    return { reading: kept, conflicts, duplicate: false };
  }

  /** Remembers the values of `reading` (the `reading` of a verdict, once it is to be stored). */
  remember(reading: Reading): void {
    let times = this.byStation.get(reading.station);
    if (!times) {
      times = new Map();
      this.byStation.set(reading.station, times);
    }
    const known = times.get(reading.time);
    if (known) {
      // A new parameter at a known time (rare): merged copies, the readings' own objects stay untouched.
      known.values = { ...known.values, ...reading.values };
      known.status = { ...known.status, ...reading.status };
      return;
    }
    times.set(reading.time, { values: reading.values, status: reading.status });
    if (times.size > this.perStation) times.delete(times.keys().next().value as number);
  }

  /** Undoes {@link remember} for a reading that could not be stored (its message will be redelivered). */
  forget(reading: Reading): void {
    const times = this.byStation.get(reading.station);
    const known = times?.get(reading.time);
    if (!times || !known) return;
    const values: Record<string, number> = {};
    const status: Record<string, StatusCode> = {};
    for (const parameter in known.values) {
      if (parameter in reading.values) continue;
      values[parameter] = known.values[parameter] as number;
      status[parameter] = known.status[parameter] ?? '00';
    }
    if (Object.keys(values).length === 0) times.delete(reading.time);
    else times.set(reading.time, { values, status });
  }
}
