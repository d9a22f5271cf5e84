import { toVietnamIso, type StationIndex } from '@langxanh/contracts';
import { parseTt10, parseTt10FileName, tt10Payloads, tt10StationKey, Tt10FormatError } from '@langxanh/tt10';
import type { ImportItem, SkipOutcome } from './import-item';

/** What one TT 10 file gives: its readings (one per measurement time) or why the whole file gives none. */
export interface Tt10FileOutcome {
  /** Data lines read. */
  readonly lines: number;
  readonly items: readonly ImportItem[];
  readonly skipped?: SkipOutcome;
}

/**
 * Reads one TT 10/2021 file (libs/tt10: name `<TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt`, five
 * TAB-separated fields per line, Vietnam local times, Bảng 34 symbols such as `PM2,5`) into one reading per
 * measurement time. The station is the registry station whose `tt10` name the file name carries; a file whose name
 * maps to no registry station (or is no TT 10 name) goes to `defaultStation` (`--station`), else it is skipped as
 * `no_station`. Empty value fields are left out (counted as missing); units stated in the file are passed on for the
 * contract to convert. A file that does not parse is skipped as `bad_file` with the parser's reasons.
 */
export function readTt10File(
  fileName: string,
  content: Uint8Array | string,
  stations: StationIndex,
  defaultStation: string | undefined,
): Tt10FileOutcome {
  let station: string | undefined;
  try {
    station = stations.getByTt10(tt10StationKey(parseTt10FileName(fileName)))?.station.id;
  } catch (error) {
    if (!(error instanceof Tt10FormatError)) throw error;
  }
  station ??= defaultStation;
  if (!station) {
    return {
      lines: 0,
      items: [],
      skipped: { skip: 'no_station', detail: `${fileName}: the name maps to no registry station; give --station` },
    };
  }
  let lines;
  try {
    lines = parseTt10(content);
  } catch (error) {
    if (!(error instanceof Tt10FormatError)) throw error;
    return { lines: 0, items: [], skipped: { skip: 'bad_file', detail: `${fileName}: ${error.message}` } };
  }
  const items = tt10Payloads(lines).flatMap(({ time, payload, lines: numbers }): ImportItem[] => {
    const values: Record<string, number> = {};
    const missing: string[] = [];
    for (const [key, value] of Object.entries(payload.values)) {
      if (typeof value === 'number') values[key] = value;
      else missing.push(key);
    }
    const keep = <T>(map: Readonly<Record<string, T>> | undefined) =>
      map ? Object.fromEntries(Object.entries(map).filter(([key]) => key in values)) : undefined;
    const status = keep(payload.status as Record<string, '00' | '01' | '02'> | undefined) ?? {};
    const units = keep(payload.units);
    if (Object.keys(values).length === 0) return [];
    return [
      {
        station: station as string,
        source: `${fileName}:${numbers[0]}`,
        payload: {
          ts: toVietnamIso(time),
          values,
          status,
          ...(units && Object.keys(units).length > 0 ? { units } : {}),
        },
        missing,
      },
    ];
  });
  return { lines: lines.length, items };
}
