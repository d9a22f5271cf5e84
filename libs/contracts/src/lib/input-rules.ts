/**
 * The hostile and sloppy input rules of the reading contract: one named rule per class of bad input, each either
 * rejecting the whole message, dropping one value, or normalising the input and letting it through.
 *
 * A rule's `id` is also the `reason` of the rejections it produces (metric `langxanh_rejections_total{reason}`)
 * and the `rule` of the normalisations it applies, so every count names the rule that decided it. `validateReading`
 * (reading.ts) applies them in the order of this table.
 */

/** What a rule does with the input it matches. */
export type RuleAction = 'reject' | 'normalise' | 'drop-value';

/**
 * The classes of hostile and sloppy input the contract must handle (issue #5, item 5, in its order, then issue 15's
 * items 4–7). Each is
 * handled by exactly one rule of {@link INPUT_RULES} (checked by a unit test), and each appears in the corpus
 * `libs/contracts/src/fixtures/hostile-payloads.json`.
 */
export const HOSTILE_INPUT_CLASSES = [
  'empty',
  'non-JSON',
  'byte-order mark',
  'oversized',
  'deeply nested',
  'arrays instead of objects',
  'prototype-pollution keys',
  'NaN / Infinity / 1e400',
  'numbers as strings with a decimal comma',
  'sentinel strings',
  'null',
  'integers where floats are stored',
  'epoch timestamps in s / ms / µs / ns',
  'ISO times with and without offset',
  'far past and future times',
  'unknown stations',
  'unknown parameters',
  'topic levels with + # / $ or empty',
  'look-alike unit symbols',
  'mg/m³ vs µg/m³',
  'physically impossible values',
  'Vietnamese names in NFC and NFD',
  // Issue 15 (hostile trial), items 4–7:
  'over-range with quality flag',
  'singular unit',
  'space-separated time',
  'same-millisecond pair',
] as const;
export type HostileInputClass = (typeof HOSTILE_INPUT_CLASSES)[number];

export interface InputRule {
  /** Rule id; also the `reason` of its rejections and the `rule` of its normalisations. */
  readonly id: string;
  /** The class of input it handles: one of {@link HOSTILE_INPUT_CLASSES}, or a further class of its own. */
  readonly class: string;
  readonly action: RuleAction;
  /** What the rule matches and does, and the source or justification of any number in it. */
  readonly doc: string;
}

const rule = <const Id extends string, const A extends RuleAction>(
  id: Id,
  klass: HostileInputClass | `(${string})`,
  action: A,
  doc: string,
) => ({ id, class: klass, action, doc }) as const;

/**
 * Every rule, in the order validation applies them. Classes in parentheses are not in the list but need a
 * rule of their own (a reason must say what happened).
 */
export const INPUT_RULES = [
  rule(
    'bad_topic',
    'topic levels with + # / $ or empty',
    'reject',
    'The topic is not langxanh/v1/{cluster}/{kind}/{station}/reading with slug levels (a-z, 0-9, -): an empty level, ' +
      'an MQTT wildcard `+`/`#` (MQTT 5.0 §4.7.1), a `$` level (reserved for broker topics, §4.7.2), an extra `/` ' +
      'level or a non-ASCII level is refused.',
  ),
  rule(
    'too_large',
    'oversized',
    'reject',
    'The payload is larger than `maxBytes` (default 16 384, env MAX_PAYLOAD_BYTES), measured on the raw bytes ' +
      'before any decoding or parsing, so a large payload costs no parse time.',
  ),
  rule(
    'byte_order_mark',
    'byte-order mark',
    'normalise',
    'A leading UTF-8 byte-order mark (EF BB BF, U+FEFF) is stripped: RFC 8259 §8.1 forbids it in JSON text but ' +
      'allows a parser to ignore it; Windows dataloggers write it.',
  ),
  rule(
    'not_utf8',
    '(invalid UTF-8)',
    'reject',
    'The payload is not valid UTF-8, which RFC 8259 §8.1 requires of JSON exchanged between systems (a UTF-16 ' +
      'payload, a truncated multi-byte character).',
  ),
  rule(
    'empty_payload',
    'empty',
    'reject',
    'The payload is empty, or holds only a byte-order mark and JSON whitespace (RFC 8259 §2).',
  ),
  rule(
    'too_deep',
    'deeply nested',
    'reject',
    'Arrays/objects nest deeper than 8 levels (a reading is 2 deep). Checked by a linear scan of the text before ' +
      'JSON.parse, so no recursion ever sees a deep document.',
  ),
  rule(
    'not_json',
    'non-JSON',
    'reject',
    'The text is not JSON (RFC 8259), including the bare literals NaN, Infinity and -Infinity, which JSON does ' +
      'not have (RFC 8259 §6).',
  ),
  rule(
    'forbidden_key',
    'prototype-pollution keys',
    'reject',
    'A key `__proto__`, `constructor` or `prototype` at any depth: the prototype-pollution keys (CWE-1321). The ' +
      'parsed document is never merged into another object; such a message is refused whole.',
  ),
  rule(
    'not_an_object',
    'arrays instead of objects',
    'reject',
    'The document, `values`, `units` or a `status` map is an array (or the document is not an object at all).',
  ),
  rule(
    'bad_shape',
    '(missing or mistyped fields)',
    'reject',
    '`ts` or `values` is missing, or `ts`, `status`, `units` or `station` has the wrong type (`status` codes are ' +
      '00/01/02 of TT 10/2021/TT-BTNMT).',
  ),
  rule(
    'unit_declaration',
    '(unusable unit declaration)',
    'reject',
    'A unit is declared in a way that cannot be honoured, so the values would be stored in an unknown unit: a ' +
      'unit-declaring key other than `unit` / `units` (`Unit`, `UNITS`, `uom`, `unit_of_measure`, `đơn vị`, …) at ' +
      'the top level or inside `values`, or a `units` entry naming a parameter the message has no value for (a ' +
      'typo such as `PM25` would otherwise leave `PM2.5` unconverted). The whole message is refused: which value ' +
      'the declaration meant cannot be told.',
  ),
  rule(
    'epoch_unit',
    'epoch timestamps in s / ms / µs / ns',
    'normalise',
    'A numeric `ts` is read by magnitude: |ts| < 1e11 seconds, < 1e14 milliseconds (the contract unit: no ' +
      'normalisation), < 1e17 microseconds, < 1e20 nanoseconds, converted to ms. Each band covers 1973–5138 in its ' +
      'unit, so the bands cannot be confused for any accepted time (2000 onwards). |ts| ≥ 1e20 is `bad_time`.',
  ),
  rule(
    'space_separated_time',
    'space-separated time',
    'normalise',
    'An ISO `ts` with one space instead of `T` between date and time (`2026-11-29 14:05:00+07:00`) is read as the ' +
      "`T` form: RFC 3339 §5.6 allows the space and many loggers write it. The offset rule is the `T` form's: with " +
      'an offset or `Z` as given, without one Vietnam time (`local_time`).',
  ),
  rule(
    'local_time',
    'ISO times with and without offset',
    'normalise',
    'An ISO 8601 `ts` without an offset is read as Vietnam time (UTC+7, Asia/Ho_Chi_Minh), as TT 10/2021/TT-BTNMT ' +
      'dataloggers write local time; with an offset or `Z` it is taken as given (no normalisation).',
  ),
  rule(
    'bad_time',
    '(unreadable time)',
    'reject',
    '`ts` is neither an epoch number in the bands above nor an ISO 8601 time.',
  ),
  rule(
    'time_out_of_bounds',
    'far past and future times',
    'reject',
    'The time is before `earliestTime` (default 2000-01-01T00:00Z: a reset datalogger clock) or more than ' +
      '`maxFutureSkewMs` (default 5 min of clock skew) ahead of the ingester clock.',
  ),
  rule(
    'unknown_station',
    'unknown stations',
    'reject',
    'The topic station is not in the registry (deploy/registry/bac-ninh.json, as changed at run time), or was ' +
      'retired (`POST /api/registry/stations/{id}/retire`, docs/registry.md: it no longer reports; its history stays ' +
      'readable).',
  ),
  rule(
    'station_mismatch',
    '(station under another cluster or kind)',
    'reject',
    'The station exists but under another cluster or kind than the topic says, or the payload `station` names ' +
      'another station.',
  ),
  rule(
    'unicode_nfc',
    'Vietnamese names in NFC and NFD',
    'normalise',
    'Names that are compared (the payload `station` id or Vietnamese registry name, parameter, `status` and ' +
      '`units` keys) are compared in Unicode NFC (UAX #15): "Phong Khê" typed with a combining circumflex (NFD, as ' +
      'macOS and some input methods produce) matches its precomposed form. Unit symbols are folded by `unit_alias`.',
  ),
  rule(
    'unknown_parameter',
    'unknown parameters',
    'drop-value',
    'The key is not in the parameter catalogue for the station kind (parameters.ts).',
  ),
  rule('null_value', 'null', 'drop-value', 'The value is JSON null: no measurement.'),
  rule(
    'sentinel',
    'sentinel strings',
    'drop-value',
    'The value is a "no data" marker string (see SENTINEL_STRINGS: "", "N/A", "NA", "nan", "null", "none", ' +
      '"unavailable", "-", "--", "error", …; compared trimmed and case-insensitively).',
  ),
  rule(
    'decimal_comma',
    'numbers as strings with a decimal comma',
    'normalise',
    'A string number with one decimal comma ("7,5") is read as 7.5: Vietnamese (TCVN) writing, as in TT ' +
      '10/2021/TT-BTNMT\'s "PM2,5". A comma with a point, or more than one comma, is `not_a_number` (ambiguous ' +
      'thousands separators).',
  ),
  rule(
    'numeric_string',
    '(numbers as strings with a decimal point)',
    'normalise',
    'A string holding a plain decimal number ("7.5", "-3", "1e3"; JSON number grammar, surrounding spaces ' +
      'allowed) is read as that number: text dataloggers (TT 10/2021/TT-BTNMT files) send values as text.',
  ),
  rule(
    'not_finite',
    'NaN / Infinity / 1e400',
    'drop-value',
    'The value is not a finite double: a JSON number beyond ±1.8e308 (1e400 parses to Infinity) or a string ' +
      '"Infinity"/"-Infinity"/"inf" or an overflowing string number. (Bare NaN/Infinity literals are `not_json`; ' +
      'the string "NaN" is a `sentinel`.)',
  ),
  rule(
    'not_a_number',
    '(other non-numeric values)',
    'drop-value',
    'The value is a boolean, an array, an object, or a string that is neither a number nor a sentinel.',
  ),
  rule(
    'integer_value',
    'integers where floats are stored',
    'normalise',
    "A whole-number value (JSON 40) is stored as the float 40: InfluxDB fixes a field's type at its first write, so " +
      'storage always writes floats (libs/storage-influx points.ts, `readingToLine`), never `40i`.',
  ),
  rule(
    'message_unit',
    'singular unit',
    'normalise',
    'A top-level `unit` (one string) states the unit of every value that has no entry in `units`: each such value ' +
      'then goes through `unit_alias`, `unit_conversion` or `unit_mismatch` as if `units` named it, so ' +
      '`{"values":{"PM2.5":0.035},"unit":"mg/m³"}` is stored as 35 µg/m³, and a value of another quantity is ' +
      'dropped as `unit_mismatch`, never stored in the wrong unit.',
  ),
  rule(
    'unit_alias',
    'look-alike unit symbols',
    'normalise',
    'A stated unit (payload `units`) that spells the catalogue unit differently is accepted: micro sign U+00B5 vs ' +
      'Greek mu U+03BC vs `u`/`mc`, `m3` vs `m³`, case, spaces, `Nm³` (QCVN 05:2023/BTNMT cl. 1.3.10 normal cubic ' +
      "metre, the catalogue's air unit), `℃`/`degC`/`oC` for °C, `Pt/Co` for Pt-Co, `dB(A)` for dBA.",
  ),
  rule(
    'unit_conversion',
    'mg/m³ vs µg/m³',
    'normalise',
    'A stated unit of the same quantity that differs from the catalogue unit by a factor 1 000 is converted: ' +
      "mg/m³ (and TT 10/2021's mg/Nm³) × 1 000 → µg/m³, ng/m³ ÷ 1 000 → µg/m³, µg/L ÷ 1 000 → mg/L, g/L × 1 000 → " +
      'mg/L; the result is rounded to 12 significant digits (float noise).',
  ),
  rule(
    'unit_mismatch',
    '(a unit that is not the catalogue unit)',
    'drop-value',
    'A stated unit that is neither a spelling of the catalogue unit nor convertible by a factor 1 000 (e.g. ppm ' +
      'for a µg/m³ gas: the conversion needs the molar mass and conditions).',
  ),
  rule(
    'over_range',
    'over-range with quality flag',
    'normalise',
    "The value is beyond the catalogue's measuring range but inside the parameter's `flaggedRange` (only where a " +
      "reading beyond the range still means something: a bin filled above its sensor's zero line reads fill > 100 %, " +
      'up to 200 %, parameters.ts): it is kept with the quality flag `over_range` (`under_range` below), stored as ' +
      'the string field `<parameter>_quality` and evaluated by the alert rules, so an overflowing bin raises "full".',
  ),
  rule(
    'out_of_range',
    'physically impossible values',
    'drop-value',
    "The value (after unit conversion) is outside the catalogue's plausible range for the parameter and any " +
      '`flaggedRange` (pH 15, fill 250 %, negative flow or concentration); each range states its source in ' +
      'parameters.ts.',
  ),
  rule(
    'no_valid_values',
    '(every value dropped)',
    'reject',
    'No value of the message survived the value rules: there is nothing to store.',
  ),
  rule(
    'same_time_conflict',
    'same-millisecond pair',
    'drop-value',
    'Applied by the ingester after validation (SameTimeReadings, same-time.ts): a value for a station, parameter ' +
      'and millisecond that an earlier accepted reading already gave **another** value or status is refused, so ' +
      'the stored value (InfluxDB would keep the last write) and the evaluated one (the alert rules keep the first) ' +
      'are the same: the first. The same value again is an idempotent redelivery (not stored or announced again, ' +
      'counted as `langxanh_duplicate_readings_total`); a new parameter at that time is kept. The ingester ' +
      'remembers the newest 32 reading times per station.',
  ),
] as const satisfies readonly InputRule[];

export type InputRuleId = (typeof INPUT_RULES)[number]['id'];
type RuleOf<A extends RuleAction> = Extract<(typeof INPUT_RULES)[number], { action: A }>;

/** Rules that refuse a message or a value: the reasons of rejections. */
export type RejectionReason = RuleOf<'reject' | 'drop-value'>['id'];
/** Rules that repair input and let it through. */
export type NormalisationRule = RuleOf<'normalise'>['id'];

/** Every rejection reason (the ingester pre-creates one counter per reason). */
export const REJECTION_REASONS: readonly RejectionReason[] = INPUT_RULES.filter(
  (r): r is RuleOf<'reject' | 'drop-value'> => r.action !== 'normalise',
).map((r) => r.id);

/** Every normalisation rule id. */
export const NORMALISATION_RULES: readonly NormalisationRule[] = INPUT_RULES.filter(
  (r): r is RuleOf<'normalise'> => r.action === 'normalise',
).map((r) => r.id);

const byId = Object.fromEntries(INPUT_RULES.map((r) => [r.id, r])) as Record<InputRuleId, InputRule>;

/** The rule with this id. */
export function inputRule(id: InputRuleId): InputRule {
  return byId[id];
}

/**
 * Value strings that mean "no data" (rule `sentinel`), compared trimmed and lower-cased: spreadsheet and export
 * markers ("N/A", "#N/A", "-"), language null spellings ("nan", "None", "nil") and device-platform states
 * (Home Assistant's "unavailable" / "unknown").
 */
export const SENTINEL_STRINGS: ReadonlySet<string> = new Set([
  '',
  'n/a',
  'na',
  '#n/a',
  'nan',
  'null',
  'none',
  'nil',
  'undefined',
  'unavailable',
  'unknown',
  '-',
  '--',
  '---',
  '?',
  'err',
  'error',
]);

/** Deepest nesting of arrays/objects accepted (rule `too_deep`). */
export const MAX_NESTING_DEPTH = 8;

/** Keys refused at any depth (rule `forbidden_key`). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
