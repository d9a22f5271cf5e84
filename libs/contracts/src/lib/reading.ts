import { z } from 'zod';
import { parameterSpec } from './parameters';
import type { StationIndex } from './registry';
import type { StationKind } from './station-kind';
import { parseReadingTime } from './time';
import type { StationTopic } from './topics';

/**
 * Datalogger status codes of TT 10/2021/TT-BTNMT (shared docs/domain.md §4.2):
 * `00` measuring (normal), `01` calibrating, `02` device error.
 */
export const STATUS_CODES = ['00', '01', '02'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

const statusCodeSchema = z.enum(STATUS_CODES);

/**
 * The JSON payload a station publishes on `…/reading`, one message per station and timestamp:
 * `{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":85.2,"pH":7.1},"status":"00"}`.
 * - `ts`: ISO 8601 (no offset = Vietnam time) or epoch milliseconds;
 * - `values`: parameter key → number, in the catalogue unit;
 * - `status`: optional; one code for the whole message or a map parameter → code (missing = `00`).
 * Other top-level keys are ignored.
 */
export const readingPayloadSchema = z.object({
  ts: z.union([z.number(), z.string()]),
  values: z.record(z.string(), z.unknown()),
  status: z.union([statusCodeSchema, z.record(z.string(), statusCodeSchema)]).optional(),
});
export type ReadingPayload = z.infer<typeof readingPayloadSchema>;

/** A validated reading: what is stored, evaluated and pushed live. */
export interface Reading {
  readonly cluster: string;
  readonly kind: StationKind;
  readonly station: string;
  /** Measurement time, epoch milliseconds (UTC). */
  readonly time: number;
  /** Parameter key → value in the catalogue unit. Never empty. */
  readonly values: Readonly<Record<string, number>>;
  /** Parameter key → datalogger status; every key of `values` has one. */
  readonly status: Readonly<Record<string, StatusCode>>;
}

/**
 * Why a message, or one value in it, was rejected. Counted per reason by the ingester (metric
 * `langxanh_rejections_total{reason}`) and logged.
 */
export const REJECTION_REASONS = [
  'bad_topic',
  'too_large',
  'not_json',
  'bad_shape',
  'bad_time',
  'time_in_future',
  'unknown_station',
  'station_mismatch',
  'unknown_parameter',
  'not_a_number',
  'out_of_range',
  'no_valid_values',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection {
  readonly reason: RejectionReason;
  /** Set when one value of an otherwise accepted message was rejected. */
  readonly parameter?: string;
  readonly detail: string;
}

/** Outcome of validating one message: a reading (possibly with some values dropped), or none, plus rejections. */
export interface ValidationOutcome {
  readonly reading?: Reading;
  readonly rejections: readonly Rejection[];
}

export interface ValidationContext {
  readonly stations: StationIndex;
  /** Current time, epoch ms (a parameter so that tests control it). */
  readonly now: number;
  /** Largest accepted payload in bytes; checked before parsing. Default 16 384. */
  readonly maxBytes?: number;
  /** How far ahead of `now` a reading time may be (clock skew), ms. Default 5 minutes. */
  readonly maxFutureSkewMs?: number;
  /** Earliest accepted reading time, epoch ms. Default 2000-01-01T00:00:00Z (a reset datalogger clock). */
  readonly earliestTime?: number;
}

const DEFAULT_MAX_BYTES = 16_384;
const DEFAULT_FUTURE_SKEW_MS = 5 * 60_000;
const DEFAULT_EARLIEST = Date.UTC(2000, 0, 1);

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

const reject = (reason: RejectionReason, detail: string): ValidationOutcome => ({
  rejections: [{ reason, detail }],
});

/** A short, safe rendering of an untrusted value for a rejection detail (never recurses into it). */
function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Validates one `…/reading` message against the contract: topic (already split), size, JSON shape, time,
 * registry (the station exists, under this cluster and kind), catalogue (known parameter, finite number within the
 * plausible range). A bad value drops only that value; the rest of the message is kept.
 *
 * Never throws: every problem becomes a {@link Rejection}.
 */
export function validateReading(
  topic: StationTopic,
  payload: Uint8Array | string,
  ctx: ValidationContext,
): ValidationOutcome {
  try {
    return validate(topic, payload, ctx);
  } catch (error) {
    // Defence in depth: a payload that trips an unforeseen path is rejected, never thrown at the caller.
    return reject('bad_shape', `unprocessable payload: ${(error as Error).message}`.slice(0, 200));
  }
}

function validate(topic: StationTopic, payload: Uint8Array | string, ctx: ValidationContext): ValidationOutcome {
  const maxBytes = ctx.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = typeof payload === 'string' ? utf8.encode(payload) : payload;
  const size = bytes.byteLength;
  if (size > maxBytes) return reject('too_large', `${size} bytes > ${maxBytes}`);

  let document: unknown;
  try {
    document = JSON.parse(typeof payload === 'string' ? payload : utf8Decoder.decode(bytes));
  } catch (error) {
    return reject('not_json', (error as Error).message);
  }
  const shape = readingPayloadSchema.safeParse(document);
  if (!shape.success) {
    return reject('bad_shape', shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const message = shape.data;

  const time = parseReadingTime(message.ts);
  if (time === undefined) return reject('bad_time', `unreadable ts ${preview(message.ts)}`);
  if (time > ctx.now + (ctx.maxFutureSkewMs ?? DEFAULT_FUTURE_SKEW_MS)) {
    return reject('time_in_future', `ts ${new Date(time).toISOString()} is ahead of now`);
  }
  if (time < (ctx.earliestTime ?? DEFAULT_EARLIEST)) {
    return reject('bad_time', `ts ${new Date(time).toISOString()} is before the earliest accepted time`);
  }

  const registered = ctx.stations.get(topic.station);
  if (!registered) return reject('unknown_station', `station "${topic.station}" is not in the registry`);
  if (registered.cluster.id !== topic.cluster || registered.station.kind !== topic.kind) {
    return reject(
      'station_mismatch',
      `station "${topic.station}" is ${registered.cluster.id}/${registered.station.kind}, not ${topic.cluster}/${topic.kind}`,
    );
  }

  const rejections: Rejection[] = [];
  const values: Record<string, number> = {};
  const status: Record<string, StatusCode> = {};
  // Iterate the parsed document itself, not zod's copy: a copy assigns `__proto__` as a prototype and the key
  // would vanish silently instead of being rejected as an unknown parameter.
  const rawValues = (document as { values: Record<string, unknown> }).values;
  for (const key of Object.keys(rawValues)) {
    const raw = rawValues[key];
    const spec = parameterSpec(topic.kind, key);
    if (!spec) {
      rejections.push({
        reason: 'unknown_parameter',
        parameter: key.slice(0, 40),
        detail: `${preview(key)} is not a ${topic.kind} parameter`,
      });
      continue;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      rejections.push({ reason: 'not_a_number', parameter: key, detail: `${key}=${preview(raw)}` });
      continue;
    }
    if (raw < spec.range[0] || raw > spec.range[1]) {
      rejections.push({
        reason: 'out_of_range',
        parameter: key,
        detail: `${key}=${raw} outside [${spec.range[0]}, ${spec.range[1]}] ${spec.unit}`,
      });
      continue;
    }
    values[key] = raw;
    status[key] = typeof message.status === 'string' ? message.status : (message.status?.[key] ?? '00');
  }
  if (Object.keys(values).length === 0) {
    return { rejections: [...rejections, { reason: 'no_valid_values', detail: 'no value survived validation' }] };
  }
  return {
    reading: { cluster: topic.cluster, kind: topic.kind, station: topic.station, time, values, status },
    rejections,
  };
}
