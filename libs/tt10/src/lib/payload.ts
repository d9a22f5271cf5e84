import type { ReadingPayload, StatusCode } from '@langxanh/contracts';
import type { Tt10Line } from './parse';

/** The reading payload of all lines of a file that share one measurement time. */
export interface Tt10Payload {
  /** Measurement time, epoch ms UTC. */
  readonly time: number;
  /**
   * The reading contract's payload (libs/contracts reading.ts): `ts` the epoch ms, `values` catalogue key → value
   * (`null` for an empty field, refused per value as `null_value`), `status` key → code, `units` key → the unit the
   * line states (lines without a unit leave it out: the value is then taken in the catalogue unit).
   */
  readonly payload: ReadingPayload;
  /** The file's line numbers that went into it. */
  readonly lines: readonly number[];
}

/**
 * Groups a file's lines by measurement time into reading payloads, earliest first, so that a TT 10 file goes
 * through exactly the validation (catalogue, unit conversion such as `mg/Nm³` → `µg/m³`, plausible ranges,
 * registry) of an MQTT message. Pure.
 */
export function tt10Payloads(lines: readonly Tt10Line[]): Tt10Payload[] {
  const groups = new Map<number, Tt10Line[]>();
  for (const line of lines) {
    const group = groups.get(line.time);
    if (group) group.push(line);
    else groups.set(line.time, [line]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, group]) => {
      const values: Record<string, number | null> = {};
      const status: Record<string, StatusCode> = {};
      const units: Record<string, string> = {};
      for (const line of group) {
        values[line.parameter] = line.value;
        status[line.parameter] = line.status;
        if (line.unit !== '') units[line.parameter] = line.unit;
      }
      const payload: ReadingPayload = {
        ts: time,
        values,
        status,
        ...(Object.keys(units).length > 0 ? { units } : {}),
      };
      return { time, payload, lines: group.map((line) => line.line) };
    });
}
