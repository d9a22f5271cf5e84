import { z } from 'zod';
import { parseReadingTime } from '../time';

/** Earliest time a REST query or body accepts: 1970-01-01T00:00:00Z (epoch 0; LàngXanh stores readings from 2000). */
export const QUERY_TIME_MIN_MS = 0;

/**
 * Latest time a REST query or body accepts: 2200-01-01T00:00:00Z. InfluxDB stores times as int64 nanoseconds, so it
 * cannot take a time after 2262-04-11T23:47:16.854775807Z (InfluxDB 1.x `models.MaxNanoTime`); a query beyond it
 * fails inside the database. 2200 leaves room for the windows computed around a time (a month of compliance, a day
 * of NowCast) and for any silence or report range a user can mean.
 */
export const QUERY_TIME_MAX_MS = Date.UTC(2200, 0, 1);

/**
 * Why an epoch-ms time may not be used in a query (outside [{@link QUERY_TIME_MIN_MS}, {@link QUERY_TIME_MAX_MS}]),
 * or `undefined` when it may.
 */
export function queryTimeProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return 'not a time';
  if (ms < QUERY_TIME_MIN_MS) return 'before 1970-01-01T00:00:00Z, the earliest time a query accepts';
  if (ms >= QUERY_TIME_MAX_MS) return 'at or after 2200-01-01T00:00:00Z, the latest time a query accepts';
  return undefined;
}

/**
 * A zod schema for a time in a REST query string or body, as epoch ms: `parse` reads the text (`undefined`: the
 * issue `unreadable`), then the time must lie within [1970, 2200) ({@link queryTimeProblem}). Anything else is a
 * validation issue (the API answers 400), never a database error.
 */
export function boundedQueryTime(parse: (text: string) => number | undefined, unreadable: string) {
  return z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const ms = parse(text);
      const problem = ms === undefined ? unreadable : queryTimeProblem(ms);
      if (ms === undefined || problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: problem ?? unreadable });
        return z.NEVER;
      }
      return ms;
    });
}

/**
 * A time in a REST query string or body: ISO 8601 / RFC 3339 (`T` or one space; without an offset it is Vietnam
 * time, as in the MQTT payload contract) within [1970, 2200), as epoch ms.
 */
export const queryTimeSchema = boundedQueryTime(
  parseReadingTime,
  'not an ISO 8601 time (a "+" in the offset must be URL-encoded as %2B)',
).meta({
  description:
    'ISO 8601 / RFC 3339 time within [1970-01-01, 2200-01-01); Vietnam time (UTC+7) without an offset; ' +
    'URL-encode a "+" in the offset as %2B',
});
