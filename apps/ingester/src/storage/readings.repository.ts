import { Injectable, Logger } from '@nestjs/common';
import type { Reading, ReadingBucketDto, StationKind } from '@langxanh/contracts';
import {
  EXCLUDED_STATUSES,
  InfluxStorage,
  InfluxStorageError,
  minuteBucketsByStation,
  readingPages,
  readingToLine,
  validHourlyMeans,
  validSampleStats,
  type MinuteBucket,
  type MinuteBucketsQuery,
  type ReadingBucketsQuery,
  type ReadingPagesQuery,
  type ReadingRow,
  type RecentTimesQuery,
  type ValidHourlyMean,
  type ValidHourlyMeansQuery,
  type ValidSampleStats,
  type ValidSampleStatsQuery,
} from '@langxanh/storage-influx';
import { SpoolFullError, SpoolWriter } from './spool-writer';

export { EXCLUDED_STATUSES, SpoolFullError };

const HOUR_MS = 3_600_000;

/** One non-empty clock hour of one parameter of one station ({@link ReadingsRepository.hourBuckets}). */
export interface HourBucket {
  /** Start of the hour (UTC, aligned on whole hours since the Unix epoch; Vietnam hours too, UTC+7), epoch ms. */
  time: number;
  /** Mean of the values stored in the hour, in the parameter's catalogue unit (every status included). */
  mean: number;
  /** Values stored in the hour (≥ 1). */
  count: number;
  /** Minutes of the hour holding at least one value (1–60). */
  minutes: number;
}
export type {
  MinuteBucket,
  MinuteBucketsQuery,
  ReadingBucketsQuery,
  ReadingPagesQuery,
  ReadingRow,
  RecentTimesQuery,
  ValidHourlyMean,
  ValidHourlyMeansQuery,
  ValidSampleStats,
  ValidSampleStatsQuery,
};

/**
 * Readings in storage: the one write path (queue a reading's line, then flush the turn's lines to the spool in one
 * write) and the reads of stored readings (chart buckets, valid hourly means and sample statistics for reports,
 * minute buckets for the alerting warm-up).
 */
@Injectable()
export class ReadingsRepository {
  private readonly logger = new Logger(ReadingsRepository.name);

  constructor(
    private readonly spool: SpoolWriter,
    private readonly influx: InfluxStorage,
  ) {}

  /**
   * Queues a reading's line for {@link flush} (non-finite values are skipped and logged; a reading without any
   * value left is not queued). The reading is NOT durable before that flush returned.
   * @throws SpoolFullError under SPOOL_FULL_POLICY=block when the spool is at its bound (see {@link whenWritable}).
   */
  queue(reading: Reading): void {
    const { line, skipped } = readingToLine(reading);
    if (skipped.length > 0) this.logger.warn(`reading of ${reading.station}: non-finite values skipped: ${skipped.join(', ')}`);
    if (line !== undefined) this.spool.queue(`${line}\n`);
  }

  /**
   * Appends the queued readings to the spool in one write; on return they survive a crash of this process.
   * @throws Node's fs errors when the disk fails: none of them is stored (nor queued any more).
   */
  flush(): void {
    this.spool.flush();
  }

  /** Resolves when a reading fits in the spool again (at once when it does). */
  whenWritable(): Promise<void> {
    return this.spool.whenWritable();
  }

  /**
   * Deletes one station's readings in [from, to) (epoch ms) from InfluxDB (`InfluxStorage.deleteReadings`). It first
   * waits until the spool has written every line appended before this call — a reading of the range still in the
   * spool would otherwise come back after the deletion — polling every `pollMs` for at most `waitMs`.
   * @throws SpoolBacklogError when older lines are still in the spool after `waitMs` (InfluxDB down or behind);
   *   the errors of `InfluxStorage.deleteReadings` (`INVALID_INPUT`, `NOT_SUPPORTED` on v2, query errors).
   */
  async deleteRange(
    q: { kind: StationKind; station: string; from: number; to: number },
    waitMs = 30_000,
    pollMs = 100,
  ): Promise<void> {
    const since = Date.now();
    for (;;) {
      const { pendingLines, oldestPendingAt } = this.spool.stats();
      // oldestPendingAt is exact to within a second: a line pending since later than that was appended after this call.
      if (pendingLines === 0 || (oldestPendingAt !== undefined && oldestPendingAt > since + 1_000)) break;
      if (Date.now() - since >= waitMs) throw new SpoolBacklogError(pendingLines, waitMs);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    await this.influx.deleteReadings(q);
  }

  /** Mean, min, max and count per time bucket of one station's parameter (charts). */
  buckets(query: ReadingBucketsQuery): Promise<ReadingBucketDto[]> {
    return this.influx.readingBuckets(query);
  }

  /** Times (epoch ms) of the newest stored values of one station's parameter, newest first (its reporting interval). */
  recentTimes(query: RecentTimesQuery): Promise<number[]> {
    return this.influx.recentTimes(query);
  }

  /** Status-00 hourly means per station and parameter (VN_AQI, compliance of averaged limits). */
  validHourlyMeans(query: ValidHourlyMeansQuery): Promise<Map<string, Map<string, ValidHourlyMean[]>>> {
    return validHourlyMeans(this.influx, query);
  }

  /** Status-00 sample statistics of one station's parameter (compliance of instant limits). */
  validSampleStats(query: ValidSampleStatsQuery): Promise<ValidSampleStats> {
    return validSampleStats(this.influx, query);
  }

  /**
   * Measurement time (epoch ms) of the newest stored reading of each station of `kind` (the alerting's re-evaluation
   * horizon after a restart). @throws InfluxStorageError when InfluxDB fails.
   */
  async newestTimes(kind: StationKind): Promise<Map<string, number>> {
    const latest = await this.influx.latestByStation(kind);
    return new Map([...latest].map(([station, { time }]) => [station, time]));
  }

  /**
   * One station's stored readings (raw or per-bucket means), oldest first, page by page (`readingPages`: at most
   * 10 000 rows a request) — for exports, which write each page out before the next is read.
   */
  pages(query: ReadingPagesQuery): AsyncGenerator<ReadingRow[]> {
    return readingPages(this.influx, query);
  }

  /**
   * Per-hour mean, count and minutes holding a value, per station and parameter of one kind over [from, to): the
   * per-minute buckets of {@link minuteBuckets} (ONE request of one flat `GROUP BY time(60s), "station"` statement)
   * folded into clock hours here. An InfluxQL subquery computes the same in the server
   * (`SELECT count(c) AS minutes, sum(s), sum(c) FROM (SELECT count(p) AS c, sum(p) AS s … GROUP BY time(60s),
   * "station" fill(none)) … GROUP BY time(1h), "station"`): checked on influxd 1.6.7 to give the same buckets, but
   * 7–10× slower per request there (1 000 stations × 24 h: 109 s instead of 10–15 s), so the flat query is used.
   * Hours are aligned on multiples of 1 h since the epoch (UTC hours, Vietnam hours too); the first may start before
   * `from` and holds only values from `from` on. Values stored with status `01`/`02` are included, as in
   * `minuteBuckets`. What the alerting warm-up reads for hours older than the previous clock hour (libs/alerting
   * `WARM_UP_SPAN_MS`).
   * @returns station → parameter → its non-empty hours in time order; stations and parameters without data absent.
   * @throws the errors of {@link minuteBuckets} (InfluxInputError for an unknown kind or parameter, a non-slug
   *   station, bad times or more than MAX_BUCKETS minutes; the errors of `InfluxStorage.query`).
   */
  async hourBuckets(query: MinuteBucketsQuery): Promise<Map<string, Map<string, HourBucket[]>>> {
    const out = new Map<string, Map<string, HourBucket[]>>();
    for (const [station, byParameter] of await this.minuteBuckets(query)) {
      const hours = new Map<string, HourBucket[]>();
      for (const [parameter, minutes] of byParameter) {
        const list: HourBucket[] = [];
        let sum = 0;
        for (const minute of minutes) {
          const time = Math.floor(minute.time / HOUR_MS) * HOUR_MS;
          let last = list.at(-1);
          if (last?.time !== time) {
            if (last) last.mean = sum / last.count;
            last = { time, mean: 0, count: 0, minutes: 0 };
            list.push(last);
            sum = 0;
          }
          sum += minute.mean * minute.count;
          last.count += minute.count;
          last.minutes += 1;
        }
        const last = list.at(-1);
        if (last) last.mean = sum / last.count;
        if (list.length > 0) hours.set(parameter, list);
      }
      if (hours.size > 0) out.set(station, hours);
    }
    return out;
  }

  /** Per-minute means per station and parameter (the alerting warm-up of averaging windows). */
  minuteBuckets(query: MinuteBucketsQuery): Promise<Map<string, Map<string, MinuteBucket[]>>> {
    return minuteBucketsByStation(this.influx, query);
  }
}

/** The spool did not write the lines older than a deletion in time (see {@link ReadingsRepository.deleteRange}). */
export class SpoolBacklogError extends Error {
  constructor(
    readonly pendingLines: number,
    waitMs: number,
  ) {
    super(`${pendingLines} line(s) older than the request are still in the spool after ${waitMs} ms (is InfluxDB reachable?)`);
    this.name = 'SpoolBacklogError';
  }
}

/** Whether a read failed because the storage refuses the request as too large (the caller's input), not an outage. */
export function refusedAsInput(error: unknown): boolean {
  return error instanceof InfluxStorageError && error.code === 'INVALID_INPUT';
}
