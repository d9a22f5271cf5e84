import { parseReadingTime, type RegisteredStation } from '@langxanh/contracts';
import type { Logger } from '../logger';
import { InflightWindow } from '../mqtt/inflight';
import { StationConnection, type BrokerOptions } from '../mqtt/station-connection';
import { graceAfterAbort, sleepUntil } from '../sleep';
import type { ReplayMessage, ReplayPlan } from './messages';
import type { ProgressReporter } from './progress';

export interface ReplayOptions {
  readonly broker: BrokerOptions;
  /** The station whose topics the dataset is published on (must be an air station). */
  readonly station: RegisteredStation;
  readonly plan: ReplayPlan;
  /**
   * Pace: data seconds per real second (3600 = one data hour per second). Ignored with `max`.
   * Messages are due at `start + (ts − first ts) / speed`.
   */
  readonly speed?: number;
  /** As fast as the broker acknowledges, with at most `inflight` unacknowledged publishes. */
  readonly max?: boolean;
  /** In-flight window (default 64). */
  readonly inflight?: number;
  readonly log: Logger;
  readonly progress: ProgressReporter;
  readonly signal?: AbortSignal;
}

export interface ReplaySummary {
  readonly published: number;
  readonly failed: number;
  readonly aborted: boolean;
  readonly elapsedMs: number;
}

/** Default pace of `replay`: one data hour per second. */
export const DEFAULT_REPLAY_SPEED = 3600;

/** Real-time offsets (ms after the start) at which each message is due, for a given speed. Pure. */
export function replaySchedule(messages: readonly ReplayMessage[], speed: number): number[] {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  if (messages.length === 0) return [];
  const times = messages.map((m) => parseReadingTime(m.ts) ?? NaN);
  const first = times[0];
  return times.map((t) => Math.max(0, (t - first) / speed));
}

/** Publishes a plan on one station's topic (with its online/offline status), paced or as fast as allowed. */
export async function runReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const { plan, log, progress } = options;
  const messages = plan.messages;
  const window = new InflightWindow(options.inflight ?? 64);
  const connection = new StationConnection(options.station, options.broker, log);
  const started = Date.now();
  await connection.connect();
  const pace = options.max ? undefined : replaySchedule(messages, options.speed ?? DEFAULT_REPLAY_SPEED);
  log.info(
    `publishing ${messages.length} message(s) of ${plan.dataset} on ${connection.readingTopic} ` +
      (pace
        ? `at ${options.speed ?? DEFAULT_REPLAY_SPEED}× (data seconds per second)`
        : `as fast as acknowledged (in flight ≤ ${window.max})`),
  );

  let published = 0;
  let failed = 0;
  let aborted = false;
  let latest = '–';
  progress.start(messages.length);
  const start = Date.now();
  try {
    for (let i = 0; i < messages.length; i++) {
      if (pace && !(await sleepUntil(start + pace[i], options.signal))) {
        aborted = true;
        break;
      }
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const message = messages[i];
      await window.acquire();
      connection
        .publishReading({ ts: message.ts, values: { ...message.values }, status: message.status })
        .then(() => {
          published++;
          latest = message.ts;
        })
        .catch((error: Error) => {
          failed++;
          if (failed === 1) log.warn(`publish failed: ${error.message}`);
        })
        .finally(() => {
          window.release();
          progress.update(published + failed, latest);
        });
    }
    // Wait for the outstanding acknowledgements; after an interrupt, at most 5 s.
    await Promise.race([window.drain(), graceAfterAbort(options.signal, 5_000)]);
  } finally {
    progress.update(published + failed, latest);
    progress.stop();
    await connection.close();
  }
  return { published, failed, aborted, elapsedMs: Date.now() - started };
}

/** The end-of-run summary lines: rows read, valid, published, skipped by reason, values the ingester will refuse. */
export function summaryLines(plan: ReplayPlan, result: ReplaySummary): string[] {
  const skipped = Object.entries(plan.skipped)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  const lines = [
    `rows read ${plan.rowsRead}, valid ${plan.validRows}, messages ${plan.messages.length}, published ${result.published}` +
      `${result.failed ? `, failed ${result.failed}` : ''}${result.aborted ? ' (interrupted)' : ''} in ${(result.elapsedMs / 1000).toFixed(1)} s`,
    `skipped by reason: ${skipped.length ? skipped.join(', ') : 'none'}`,
  ];
  const missing = Object.entries(plan.missingValues).map(([p, n]) => `${p} ${n}`);
  if (missing.length) lines.push(`values absent from published rows (NA): ${missing.join(', ')}`);
  if (plan.duplicateTimestamps.length) {
    lines.push(
      `${plan.duplicateTimestamps.length} timestamp(s) occur in more than one row, all published in file order (the ingester keeps the first and refuses the others as same_time_conflict): ` +
        plan.duplicateTimestamps.slice(0, 5).join(', '),
    );
  }
  if (plan.outOfRange.length) {
    const shown = plan.outOfRange.slice(0, 5).map((v) => `${v.parameter}=${v.value} at ${v.ts}`);
    lines.push(
      `${plan.outOfRange.length} published value(s) outside the catalogue range (published unchanged; the ingester rejects them as out_of_range): ` +
        `${shown.join('; ')}${plan.outOfRange.length > 5 ? '; …' : ''}`,
    );
  }
  return lines;
}
