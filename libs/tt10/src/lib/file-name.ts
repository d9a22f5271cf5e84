import { TT10_STATION_NAME_PATTERN } from '@langxanh/contracts';
import { Tt10FormatError } from './errors';
import { formatTt10Time, parseTt10Time } from './local-time';

/** The three names that identify a station in a TT 10 file name (shared docs/domain.md §4.2). */
export interface Tt10StationName {
  /** `TenTinh`: the province's code, e.g. `BN` (Bắc Ninh). */
  readonly province: string;
  /** `TenCoSo`: the facility (cơ sở), e.g. `PHONGKHE`. */
  readonly facility: string;
  /** `TenTram`: the station at that facility, e.g. `NUOC01`. */
  readonly station: string;
}

/** A parsed TT 10 file name: the station's names and the measurement time the file is for. */
export interface Tt10FileName extends Tt10StationName {
  /** Measurement time, epoch ms UTC (the name's `YYYYMMDDhhmmss` is Vietnam local time). */
  readonly time: number;
  /** The name's timestamp as written, `YYYYMMDDhhmmss` (local time). */
  readonly localTime: string;
}

const FILE_NAME = /^(.+)_(\d{14})\.txt$/i;

/** `province_facility_station` in NFC, the key by which the registry names a station's files (`tt10` field). */
export function tt10StationKey(name: Tt10StationName): string {
  return `${name.province}_${name.facility}_${name.station}`.normalize('NFC');
}

/**
 * Parses a TT 10/2021 file name `<TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt`, e.g.
 * `HN_ABCD_NUO001_20250301103000.txt` (shared docs/domain.md §4.2; the circular's Phụ lục 15 was not read, the rule
 * is the one three independent dataloggers implement). The extension is matched case-insensitively; the three
 * names must match the registry's `TT10_STATION_NAME_PATTERN` (letters of any script, digits, `-`, `.`; 1–64 each;
 * no `_` inside a name, no `/`, no space); the name is read in NFC.
 * @throws Tt10FormatError `bad_file_name` (wrong shape, a part empty or with `_`, `/`, space…) or `bad_time` (a
 *   timestamp that names no existing local time).
 */
export function parseTt10FileName(fileName: string): Tt10FileName {
  const name = fileName.normalize('NFC');
  const fail = (message: string): never => {
    throw new Tt10FormatError([{ code: 'bad_file_name', message }]);
  };
  if (name.length > 240) fail(`a name of ${name.length} characters (at most 240)`);
  const m = FILE_NAME.exec(name);
  if (!m) fail(`${JSON.stringify(name)} is not <TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt`);
  const [, prefix, localTime] = m as RegExpExecArray;
  if (!TT10_STATION_NAME_PATTERN.test(prefix)) {
    fail(
      `${JSON.stringify(name)}: the part before the time must be three names <TenTinh>_<TenCoSo>_<TenTram> ` +
        '(letters, digits, "-" or ".", 1–64 each)',
    );
  }
  const time = parseTt10Time(localTime);
  if (time === undefined) {
    throw new Tt10FormatError([
      { code: 'bad_time', message: `file name time ${localTime} is no existing local time` },
    ]);
  }
  const [province, facility, station] = prefix.split('_');
  return { province, facility, station, time, localTime };
}

/**
 * The TT 10 file name of a station's file for measurement time `time` (epoch ms UTC, written in Vietnam local time).
 * @throws Tt10FormatError `bad_file_name` when the names do not match `TT10_STATION_NAME_PATTERN`.
 */
export function formatTt10FileName(name: Tt10StationName, time: number): string {
  const key = tt10StationKey(name);
  if (!TT10_STATION_NAME_PATTERN.test(key)) {
    throw new Tt10FormatError([
      {
        code: 'bad_file_name',
        message: `${JSON.stringify(key)}: three names of letters, digits, "-" or ".", 1–64 each`,
      },
    ]);
  }
  return `${key}_${formatTt10Time(time)}.txt`;
}
