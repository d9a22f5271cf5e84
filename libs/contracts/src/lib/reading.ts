import { z } from 'zod';
import {
  FORBIDDEN_KEYS,
  MAX_NESTING_DEPTH,
  SENTINEL_STRINGS,
  type NormalisationRule,
  type RejectionReason,
} from './input-rules';
import {
  findForbiddenKey,
  isBlankJson,
  nestsDeeperThan,
  startsWithUtf8Bom,
  utf8ByteLength,
} from './json-guard';
import { parameterSpec, unknownParameterMessage } from './parameters';
import type { StationIndex } from './registry';
import type { StationKind } from './station-kind';
import { readTimestamp } from './time';
import { parseTopic, type StationTopic } from './topics';
import { convertValue, resolveUnit } from './units';

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
 * - `ts`: ISO 8601 (no offset = Vietnam time) or an epoch number in s, ms, µs or ns (told apart by magnitude);
 * - `values`: parameter key → number (or a number written as a string), in the catalogue unit or the `units` one;
 * - `status`: optional; one code for the whole message or a map parameter → code (missing = `00`);
 * - `units`: optional; parameter → the unit its value is in, when a datalogger states it (converted or refused
 *   when it is not the catalogue unit); every key must name a value of the message (else `unit_declaration`);
 * - `unit`: optional; the unit of every value without a `units` entry (rule `message_unit`);
 * - `station`: optional; the station id or its registry name, which must name the topic's station.
 * Other top-level keys are ignored, except unit declarations under another name (`Unit`, `uom`, …), which are
 * refused (`unit_declaration`): a unit is never ignored silently.
 */
export const readingPayloadSchema = z.object({
  ts: z.union([z.number(), z.string()]),
  values: z.record(z.string(), z.unknown()),
  status: z.union([statusCodeSchema, z.record(z.string(), statusCodeSchema)]).optional(),
  units: z.record(z.string(), z.string()).optional(),
  unit: z.string().optional(),
  station: z.string().max(200).optional(),
});
export type ReadingPayload = z.infer<typeof readingPayloadSchema>;

/**
 * Quality flag of a value kept beyond its parameter's measuring range (rule `over_range`, `flaggedRange` in
 * parameters.ts): stored as the string field `<parameter>_quality`, evaluated like any value.
 */
export type QualityFlag = 'over_range' | 'under_range';

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
  /** Parameter key → quality flag, only for values kept beyond their measuring range; absent when none is. */
  readonly quality?: Readonly<Record<string, QualityFlag>>;
}

/**
 * One refusal: a whole message (when the outcome has no reading) or one value (`parameter` set). `reason` is the
 * id of the rule that decided it (input-rules.ts). Counted per reason by the ingester (metric
 * `langxanh_rejections_total{reason}`) and logged.
 */
export interface Rejection {
  readonly reason: RejectionReason;
  /** Set when one value of an otherwise accepted message was rejected. */
  readonly parameter?: string;
  readonly detail: string;
}

/** One repair applied to an accepted reading: the rule id, and the parameter when it concerned one value. */
export interface Normalisation {
  readonly rule: NormalisationRule;
  readonly parameter?: string;
  readonly detail: string;
}

/**
 * Outcome of validating one message: a reading (possibly with some values dropped), or none, plus rejections and,
 * with a reading, the normalisations applied to it (empty when the message is refused whole).
 */
export interface ValidationOutcome {
  readonly reading?: Reading;
  readonly rejections: readonly Rejection[];
  readonly normalisations: readonly Normalisation[];
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

/** Fatal: invalid UTF-8 is refused (`not_utf8`), never replaced by U+FFFD. The BOM is stripped before decoding. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A plain decimal number written as text (JSON number grammar, leniently: `+7`, `.5` too). */
const DOT_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A number with one decimal comma and no point: `7,5`, `-0,25`. */
const COMMA_NUMBER = /^[+-]?\d+,\d+$/;
/** Infinity spelled out. */
const INFINITY_TEXT = /^[+-]?inf(?:inity)?$/i;

const reject = (reason: RejectionReason, detail: string): ValidationOutcome => ({
  rejections: [{ reason, detail }],
  normalisations: [],
});

/** A short, safe rendering of an untrusted value for a rejection detail (never recurses into it). */
function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates one `…/reading` message against the contract, applying the rules of {@link INPUT_RULES} in order:
 * size (on the raw bytes, before any decoding), byte-order mark, UTF-8, emptiness, nesting depth (a linear scan
 * before JSON.parse), JSON, forbidden keys, shape, time, registry (the station exists, under this cluster and kind),
 * then each value (catalogue parameter, null/sentinel/number/string, unit, plausible range). A bad message is
 * refused whole; a bad value drops only that value and the rest of the message is kept.
 *
 * Never throws: every problem becomes a {@link Rejection} whose `reason` is the rule id; repairs are listed in
 * `normalisations`.
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

/**
 * {@link validateReading} for a raw MQTT topic: a topic that is not a station's `…/reading` topic is refused with
 * `bad_topic` (empty levels, `+ # / $`, wrong root, depth, kind or channel), before the payload is looked at.
 */
export function validateReadingMessage(
  topic: string,
  payload: Uint8Array | string,
  ctx: ValidationContext,
): ValidationOutcome {
  const parts = parseTopic(topic);
  if (!parts || parts.channel !== 'reading') {
    return reject('bad_topic', `${preview(topic)} is not langxanh/v1/{cluster}/{kind}/{station}/reading`);
  }
  return validateReading(parts, payload, ctx);
}

/** The payload as text, or the rejection; adds `byte_order_mark` to `applied` when it stripped one. */
function decode(
  payload: Uint8Array | string,
  maxBytes: number,
  applied: Normalisation[],
): string | ValidationOutcome {
  if (typeof payload === 'string') {
    // A string longer than maxBytes UTF-16 units is at least that many UTF-8 bytes: no need to measure it.
    const size = payload.length > maxBytes ? payload.length : utf8ByteLength(payload);
    if (size > maxBytes) return reject('too_large', `${size}+ bytes > ${maxBytes}`);
    if (payload.charCodeAt(0) !== 0xfeff) return payload;
    applied.push({ rule: 'byte_order_mark', detail: 'leading U+FEFF stripped' });
    return payload.slice(1);
  }
  if (payload.byteLength > maxBytes) return reject('too_large', `${payload.byteLength} bytes > ${maxBytes}`);
  let bytes = payload;
  if (startsWithUtf8Bom(bytes)) {
    applied.push({ rule: 'byte_order_mark', detail: 'leading EF BB BF stripped' });
    bytes = bytes.subarray(3);
  }
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return reject('not_utf8', 'the payload is not valid UTF-8');
  }
}

function validate(
  topic: StationTopic,
  payload: Uint8Array | string,
  ctx: ValidationContext,
): ValidationOutcome {
  const applied: Normalisation[] = [];
  const text = decode(payload, ctx.maxBytes ?? DEFAULT_MAX_BYTES, applied);
  if (typeof text !== 'string') return text;
  if (isBlankJson(text)) return reject('empty_payload', 'no JSON text');
  if (nestsDeeperThan(text, MAX_NESTING_DEPTH)) {
    return reject('too_deep', `arrays/objects nested deeper than ${MAX_NESTING_DEPTH} levels`);
  }

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return reject('not_json', (error as Error).message.slice(0, 200));
  }
  const forbidden = findForbiddenKey(document, FORBIDDEN_KEYS);
  if (forbidden !== undefined) return reject('forbidden_key', `key ${JSON.stringify(forbidden)} is refused`);
  if (!isPlainObject(document))
    return reject('not_an_object', `the payload is ${preview(document)}, not an object`);
  for (const field of ['values', 'status', 'units'] as const) {
    if (Array.isArray(document[field])) return reject('not_an_object', `${field} is an array, not an object`);
  }
  // The common valid shape is recognised by hand (no zod copy of the document per reading); anything else goes
  // through the schema, which gives the exact error.
  let message: ReadingPayload;
  if (hasReadingShape(document)) message = document;
  else {
    const shape = readingPayloadSchema.safeParse(document);
    if (!shape.success) {
      return reject('bad_shape', shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    message = shape.data;
  }
  const declaration = unusableUnitDeclaration(document);
  if (declaration !== undefined) return reject('unit_declaration', declaration);

  const timestamp = readTimestamp(message.ts);
  if (timestamp === undefined) return reject('bad_time', `unreadable ts ${preview(message.ts)}`);
  const { time, form } = timestamp;
  const latest = ctx.now + (ctx.maxFutureSkewMs ?? DEFAULT_FUTURE_SKEW_MS);
  const earliest = ctx.earliestTime ?? DEFAULT_EARLIEST;
  if (time > latest || time < earliest) {
    return reject(
      'time_out_of_bounds',
      `ts ${new Date(time).toISOString()} is ${time > latest ? 'ahead of now' : 'before the earliest accepted time'}`,
    );
  }
  if (timestamp.spaceSeparated) {
    applied.push({ rule: 'space_separated_time', detail: 'ts with a space instead of T (RFC 3339 §5.6)' });
  }
  if (form === 'iso-local') applied.push({ rule: 'local_time', detail: 'ts without offset read as UTC+7' });
  else if (form !== 'iso-offset' && form !== 'epoch-ms') {
    applied.push({ rule: 'epoch_unit', detail: `ts read as ${form.slice(6)} since the epoch` });
  }

  const registered = ctx.stations.get(topic.station);
  if (!registered) return reject('unknown_station', `station "${topic.station}" is not in the registry`);
  if (registered.station.retired) {
    return reject('unknown_station', `station "${topic.station}" was retired at ${registered.station.retired.at}`);
  }
  if (registered.cluster.id !== topic.cluster || registered.station.kind !== topic.kind) {
    return reject(
      'station_mismatch',
      `station "${topic.station}" is ${registered.cluster.id}/${registered.station.kind}, not ${topic.cluster}/${topic.kind}`,
    );
  }
  if (message.station !== undefined) {
    const named = nfc(message.station, undefined, applied);
    if (named !== topic.station && named !== registered.station.name.normalize('NFC')) {
      return reject(
        'station_mismatch',
        `payload station ${preview(message.station)} is not "${topic.station}"`,
      );
    }
  }

  // Built only when the message has a status map / a units map (most messages have neither).
  let statusMap: Map<string, StatusCode> | undefined;
  if (isPlainObject(message.status)) {
    statusMap = new Map();
    for (const [key, code] of Object.entries(message.status)) statusMap.set(toNfc(key), code);
  }
  let units: Map<string, string> | undefined;
  if (message.units !== undefined) {
    for (const [key, unit] of Object.entries(message.units)) (units ??= new Map()).set(toNfc(key), unit);
  }
  if (units !== undefined) {
    const valueKeys = new Set(Object.keys(document['values'] as object).map(toNfc));
    for (const key of units.keys()) {
      if (!valueKeys.has(key)) {
        return reject('unit_declaration', `units names ${preview(key)}, which has no value in this message`);
      }
    }
  }
  if (message.unit !== undefined) {
    applied.push({
      rule: 'message_unit',
      detail: `unit ${preview(message.unit)} applies to the values without a units entry`,
    });
  }

  const rejections: Rejection[] = [];
  const values: Record<string, number> = {};
  const status: Record<string, StatusCode> = {};
  let quality: Record<string, QualityFlag> | undefined;
  let kept = 0;
  // Iterate the parsed document itself, not zod's copy.
  const rawValues = document['values'] as Record<string, unknown>;
  for (const rawKey of Object.keys(rawValues)) {
    // A value's normalisations go straight into `applied` and are taken back if the value is dropped.
    const mark = applied.length;
    const key = nfc(rawKey, rawKey, applied);
    const checked = checkValue(topic.kind, key, rawValues[rawKey], units?.get(key) ?? message.unit, applied);
    if (typeof checked !== 'number' && 'reason' in checked) {
      applied.length = mark;
      rejections.push(checked);
      continue;
    }
    kept++;
    if (typeof checked === 'number') values[key] = checked;
    else {
      values[key] = checked.value;
      (quality ??= {})[key] = checked.quality;
    }
    status[key] = typeof message.status === 'string' ? message.status : (statusMap?.get(key) ?? '00');
  }
  if (kept === 0) {
    return {
      rejections: [...rejections, { reason: 'no_valid_values', detail: 'no value survived validation' }],
      normalisations: [],
    };
  }
  const reading: { -readonly [K in keyof Reading]: Reading[K] } = {
    cluster: topic.cluster,
    kind: topic.kind,
    station: topic.station,
    time,
    values,
    status,
  };
  if (quality !== undefined) reading.quality = quality;
  return { reading, rejections, normalisations: applied };
}

/**
 * Whether a parsed document (a plain object, arrays under `values`/`status`/`units` already refused) certainly
 * passes {@link readingPayloadSchema}: the hand-checked common path of validation, which then reads the document
 * itself. `false` only means "let zod decide" (and word the error): it never refuses anything on its own.
 * Exported for its test (reading-shape.spec.ts: `true` implies the schema accepts the document); not in the index.
 */
export function hasReadingShape(document: Record<string, unknown>): document is ReadingPayload {
  const ts = document['ts'];
  if (typeof ts !== 'number' && typeof ts !== 'string') return false;
  if (!isPlainObject(document['values'])) return false;
  const status = document['status'];
  if (status !== undefined && !isStatusCode(status)) {
    if (!isPlainObject(status)) return false;
    for (const key in status) if (!isStatusCode(status[key])) return false;
  }
  const units = document['units'];
  if (units !== undefined) {
    if (!isPlainObject(units)) return false;
    for (const key in units) if (typeof units[key] !== 'string') return false;
  }
  const unit = document['unit'];
  if (unit !== undefined && typeof unit !== 'string') return false;
  const station = document['station'];
  // The schema's `max(200)` counts UTF-16 code units, as `length` does.
  return station === undefined || (typeof station === 'string' && station.length <= 200);
}

const isStatusCode = (value: unknown): value is StatusCode => value === '00' || value === '01' || value === '02';

/** Whether `text` holds only ASCII characters, which NFC leaves as they are (Unicode UAX #15: no ASCII composes). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** `text` in NFC, without calling ICU for ASCII text (most keys). */
const toNfc = (text: string): string => (isAscii(text) ? text : text.normalize('NFC'));

/** `text` in NFC; records `unicode_nfc` when that changed it. */
function nfc(text: string, parameter: string | undefined, applied: Normalisation[]): string {
  const normal = toNfc(text);
  if (normal !== text) {
    applied.push({
      rule: 'unicode_nfc',
      ...(parameter === undefined ? {} : { parameter: normal.slice(0, 40) }),
      detail: `${preview(normal)} given in a non-NFC form`,
    });
  }
  return normal;
}

/** The rejection of one value (`parameter` cut to 40 characters: it is untrusted input). */
const dropValue = (key: string, reason: RejectionReason, detail: string): Rejection => ({
  reason,
  parameter: key.slice(0, 40),
  detail,
});

/**
 * One value through the value rules: catalogue parameter, null, sentinel, number or numeric string, finiteness,
 * stated unit, plausible range. Records its normalisations in `applied`. Returns the value (a bare number when it
 * is within its measuring range, the common case: no object per value), the value with its quality flag, or the
 * rejection.
 */
function checkValue(
  kind: StationKind,
  key: string,
  raw: unknown,
  statedUnit: string | undefined,
  applied: Normalisation[],
): number | { readonly value: number; readonly quality: QualityFlag } | Rejection {
  const spec = parameterSpec(kind, key);
  if (!spec) return dropValue(key, 'unknown_parameter', unknownParameterMessage(kind, key));
  if (raw === null) return dropValue(key, 'null_value', `${key}=null`);

  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return dropValue(key, 'not_finite', `${key} overflows a double (${raw})`);
    value = raw;
    if (Number.isInteger(raw))
      applied.push({ rule: 'integer_value', parameter: key, detail: `${key}=${raw} stored as a float` });
  } else if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (SENTINEL_STRINGS.has(trimmed.toLowerCase()))
      return dropValue(key, 'sentinel', `${key}=${preview(raw)} means no data`);
    if (INFINITY_TEXT.test(trimmed)) return dropValue(key, 'not_finite', `${key}=${preview(raw)}`);
    const comma = COMMA_NUMBER.test(trimmed);
    if (!comma && !DOT_NUMBER.test(trimmed)) return dropValue(key, 'not_a_number', `${key}=${preview(raw)}`);
    value = Number(comma ? trimmed.replace(',', '.') : trimmed);
    if (!Number.isFinite(value)) return dropValue(key, 'not_finite', `${key}=${preview(raw)} overflows a double`);
    applied.push({
      rule: comma ? 'decimal_comma' : 'numeric_string',
      parameter: key,
      detail: `${key}=${preview(raw)} read as ${value}`,
    });
  } else {
    return dropValue(key, 'not_a_number', `${key}=${preview(raw)}`);
  }

  if (statedUnit !== undefined) {
    const unit = resolveUnit(statedUnit, spec.unit);
    if (unit.kind === 'mismatch') {
      return dropValue(key, 'unit_mismatch', `${key} in ${preview(statedUnit)}, catalogue unit "${spec.unit}"`);
    }
    if (unit.kind === 'alias') {
      applied.push({
        rule: 'unit_alias',
        parameter: key,
        detail: `${preview(statedUnit)} is "${spec.unit}"`,
      });
    } else if (unit.kind === 'convert') {
      const converted = convertValue(value, unit.factor);
      applied.push({
        rule: 'unit_conversion',
        parameter: key,
        detail: `${key}=${value} ${statedUnit.slice(0, 32)} → ${converted} ${spec.unit}`,
      });
      value = converted;
    }
  }

  if (value >= spec.range[0] && value <= spec.range[1]) return value;
  const flagged = spec.flaggedRange;
  if (flagged && value >= flagged[0] && value <= flagged[1]) {
    const quality: QualityFlag = value > spec.range[1] ? 'over_range' : 'under_range';
    applied.push({
      rule: 'over_range',
      parameter: key,
      detail: `${key}=${value} beyond [${spec.range[0]}, ${spec.range[1]}] ${spec.unit}, kept as ${quality}`,
    });
    return { value, quality };
  }
  const [min, max] = flagged ?? spec.range;
  return dropValue(key, 'out_of_range', `${key}=${value} outside [${min}, ${max}] ${spec.unit}`);
}

/** Keys that declare a unit, compared lower-cased without spaces, `_` or `-` (`Unit`, `UoM`, `unit_of_measure`). */
const UNIT_DECLARING_KEY = /^(?:units?|uoms?|unitofmeasure(?:ment)?|measurementunits?|đơnvị|donvi)$/;

/**
 * Verdicts of {@link declaring} per key: the same few keys come in every message. Bounded (cleared when it holds
 * {@link DECLARING_MEMO_LIMIT} keys) because keys are untrusted input.
 */
const declaringMemo = new Map<string, boolean>();
/** Far more than the keys of one deployment's dataloggers (a catalogue has tens of parameters); bounds the memo. */
const DECLARING_MEMO_LIMIT = 4_096;
/** Only keys up to this many UTF-16 units are remembered (the memo stays under ~1 MB whatever the input). */
const DECLARING_MEMO_KEY_LENGTH = 64;

/** Whether `key` declares a unit ({@link UNIT_DECLARING_KEY}, after NFC, lower-casing and removing separators). */
function declaring(key: string): boolean {
  let verdict = declaringMemo.get(key);
  if (verdict === undefined) {
    verdict = UNIT_DECLARING_KEY.test(
      key
        .normalize('NFC')
        .toLowerCase()
        .replace(/[\s_-]+/g, ''),
    );
    if (key.length <= DECLARING_MEMO_KEY_LENGTH) {
      if (declaringMemo.size >= DECLARING_MEMO_LIMIT) declaringMemo.clear();
      declaringMemo.set(key, verdict);
    }
  }
  return verdict;
}

/**
 * Why the message's unit declaration cannot be honoured (rule `unit_declaration`), or `undefined`: a
 * unit-declaring key other than the contract's `unit` / `units` at the top level, or any inside `values`.
 */
function unusableUnitDeclaration(document: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(document)) {
    if (key !== 'unit' && key !== 'units' && declaring(key)) {
      return `top-level key ${preview(key)} declares a unit; the contract reads only "unit" and "units"`;
    }
  }
  for (const key of Object.keys(document['values'] as object)) {
    if (declaring(key))
      return `values key ${preview(key)} declares a unit; declare it in top-level "unit" or "units"`;
  }
  return undefined;
}
