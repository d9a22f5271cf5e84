import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import type { RegisteredStation } from '@langxanh/contracts';
import { formatTt10, formatTt10FileName, tt10LinesForReading } from '@langxanh/tt10';
import { createStationModel } from './generator/model';
import type { Logger } from './logger';
import { sleepUntil } from './sleep';

/** Where and as whom the datalogger uploads. */
export interface FtpTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Seconds to wait for the server before an upload round fails (and is tried again next interval). */
  readonly timeoutS: number;
}

/** A span, relative to the start, during which every upload fails as if the line were down. */
export interface Outage {
  /** Seconds after the start. */
  readonly fromS: number;
  readonly durationS: number;
}

export interface DataloggerOptions {
  /** A registry station with a `tt10` name. */
  readonly station: RegisteredStation;
  readonly target: FtpTarget;
  /** Local folder the files are written to before upload (`outbox/`) and moved to once uploaded (`sent/`). */
  readonly outbox: string;
  /** Real seconds between files (the measurement interval; TT 10 stations: 300). */
  readonly intervalS: number;
  readonly seed: string;
  readonly incidentRate?: number;
  /** Stop after this many files. */
  readonly count?: number;
  /** Stop after this many seconds. */
  readonly durationS?: number;
  readonly outages?: readonly Outage[];
  readonly log: Logger;
  readonly signal?: AbortSignal;
  /** Clock (tests). */
  readonly now?: () => number;
}

export interface DataloggerSummary {
  readonly written: number;
  readonly uploaded: number;
  /** Files still waiting in the outbox at the end (the server was unreachable). */
  readonly pending: number;
}

/**
 * A simulated TT 10/2021 datalogger for one registry station: every `intervalS` it writes one file
 * `<tt10 name>_<YYYYMMDDhhmmss>.txt` (local time, libs/tt10) with the station's realistic values (the simulators'
 * generator: the same model as `simulate`), then uploads every file waiting in its outbox by FTP, oldest first, and
 * moves each uploaded file to `sent/`. While an upload fails (the server is down, or inside an `--outage`) the files
 * wait, and go up in order as a backlog once the server is reachable again, as a real datalogger keeps its last
 * 60 days (TT 10 Điều 39, shared docs/domain.md §4.2).
 */
export async function runDatalogger(options: DataloggerOptions): Promise<DataloggerSummary> {
  const { station, cluster } = options.station;
  if (!station.tt10) throw new Error(`station ${station.id} has no "tt10" name in the registry`);
  const [province, facility, stationName] = station.tt10.split('_');
  const now = options.now ?? Date.now;
  const outbox = join(options.outbox, 'outbox');
  const sent = join(options.outbox, 'sent');
  await mkdir(outbox, { recursive: true });
  await mkdir(sent, { recursive: true });
  const model = createStationModel(options.station, {
    seed: options.seed,
    incidentRate: options.incidentRate,
  });
  const stepMs = options.intervalS * 1000;
  const start = now();
  // Measurement times on whole multiples of the interval, as a datalogger's 5-minute averages are.
  const first = Math.ceil(start / stepMs) * stepMs;
  const end = options.durationS === undefined ? Number.POSITIVE_INFINITY : start + options.durationS * 1000;
  const inOutage = (at: number) =>
    (options.outages ?? []).some(
      (o) => at >= start + o.fromS * 1000 && at < start + (o.fromS + o.durationS) * 1000,
    );
  let written = 0;
  let uploaded = 0;
  let wasDown = false;
  options.log.info(
    `datalogger ${station.id} (${station.tt10}, ${cluster.id}) → ftp://${options.target.host}:${options.target.port} as ${options.target.user}, every ${options.intervalS} s`,
  );
  for (let n = 0; options.count === undefined || n < options.count; n++) {
    const time = first + n * stepMs;
    if (time > end) break;
    if (!(await sleepUntil(time, options.signal, now))) break;
    const reading = model.at(time);
    const status = Object.fromEntries(Object.keys(reading.values).map((key) => [key, reading.status]));
    const name = formatTt10FileName({ province, facility, station: stationName }, time);
    await writeFile(
      join(outbox, name),
      formatTt10(tt10LinesForReading(station.kind, { time, values: reading.values, status })),
    );
    written++;
    if (inOutage(now())) {
      if (!wasDown) options.log.warn(`simulated outage: files wait in ${outbox}`);
      wasDown = true;
      continue;
    }
    const result = await uploadPending(outbox, sent, options.target, options.log);
    uploaded += result.uploaded;
    if (result.error) {
      if (!wasDown) options.log.warn(`upload failed (${result.error}); files wait in ${outbox}`);
      wasDown = true;
    } else if (wasDown) {
      options.log.info(`link back: backlog uploaded (${result.uploaded} file(s))`);
      wasDown = false;
    }
  }
  // A last try for what waits (unless stopped by a signal).
  if (!options.signal?.aborted)
    uploaded += (await uploadPending(outbox, sent, options.target, options.log)).uploaded;
  const pending = (await readdir(outbox)).length;
  options.log.info(
    `datalogger ${station.id}: ${written} file(s) written, ${uploaded} uploaded, ${pending} waiting`,
  );
  return { written, uploaded, pending };
}

/** Uploads every file of `outbox` in name (= time) order; stops at the first failure (order is kept). */
export async function uploadPending(
  outbox: string,
  sent: string,
  target: FtpTarget,
  log: Logger,
): Promise<{ uploaded: number; error?: string }> {
  const names = (await readdir(outbox)).filter((name) => name.endsWith('.txt')).sort();
  if (names.length === 0) return { uploaded: 0 };
  const client = new Client(target.timeoutS * 1000);
  let uploaded = 0;
  try {
    await client.access({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
    });
    for (const name of names) {
      await client.uploadFrom(Readable.from([await readFile(join(outbox, name))]), name);
      await rename(join(outbox, name), join(sent, name));
      uploaded++;
    }
    return { uploaded };
  } catch (error) {
    if (uploaded > 0) log.info(`${uploaded} file(s) uploaded before the failure`);
    return { uploaded, error: (error as Error).message };
  } finally {
    client.close();
  }
}
