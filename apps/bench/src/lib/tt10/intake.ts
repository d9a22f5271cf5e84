import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import { startPureFtpd, type RunningFtpServer } from '@langxanh/local-services';
import { cpuSeconds, memoryMb } from '../proc';
import { influxQuery, startIngester, type BenchServices } from '../rig';
import {
  backlogFiles,
  FILE_INTERVAL_MS,
  TT10_BENCH_STATION,
  tt10BenchRegistry,
  type BacklogFile,
} from './backlog';

/** How the files reached the intake folder. */
export type Tt10Transport = 'direct' | 'ftp';

/** One case of the TT 10 file-intake measurement (one fresh ingester, one backlog). */
export interface Tt10CaseResult {
  readonly transport: Tt10Transport;
  /** FTP connections used for the upload (`direct`: 0). */
  readonly connections: number;
  /** `shuffled`: files written in a seeded random order (out of order in time); `ordered`: oldest first. */
  readonly arrival: 'ordered' | 'shuffled';
  readonly files: number;
  /** Readings stored: points of the station counted in InfluxDB at the end (one per file: one time per file). */
  readonly readings: number;
  /** Seconds from the first write (or upload) until the last file was written (or uploaded). */
  readonly writeS: number;
  /** Seconds from the first write until every file was in `processed/` and every reading counted in InfluxDB. */
  readonly seconds: number;
  /** `files / seconds`. */
  readonly filesPerS: number;
  /** `readings / seconds`: comparable with the MQTT readings/s figures. */
  readonly readingsPerS: number;
  /**
   * Intake rate of the first and of the last `window` files moved to `processed/` (files/s between the first and
   * the last move of the window, from the moves' ctimes): a slowdown per file shows as last ≪ first.
   */
  readonly window: number;
  readonly firstWindowFilesPerS: number;
  readonly lastWindowFilesPerS: number;
  /**
   * Ingester CPU per file over the first and the last `window` files, ms (CPU time: unlike the rates, not changed
   * by other load on the machine). From samples of its CPU and of the files in `processed/` every 200 ms.
   */
  readonly firstWindowCpuMsPerFile: number;
  readonly lastWindowCpuMsPerFile: number;
  /** Ingester CPU (user + system) from the first write to the end, ÷ files, ms. */
  readonly cpuMsPerFile: number;
  /** influxd CPU over the same time ÷ files, ms. */
  readonly influxdCpuMsPerFile: number;
  /** Peak resident memory of the ingester (VmHWM, over its whole life: start, then this backlog only), MB. */
  readonly peakRssMb: number;
}

/** Both cases of one run; `ftp` is `skipped` (with why) where pure-ftpd cannot run. */
export interface Tt10IntakeResult {
  readonly direct: Tt10CaseResult;
  readonly ftp: Tt10CaseResult | { readonly skipped: string };
}

export interface Tt10IntakeOptions {
  readonly root: string;
  readonly services: BenchServices;
  /** Files of the backlog written directly (the full profile: 17 280, 60 days). */
  readonly files: number;
  /** Files of the backlog uploaded over FTP (`files` unless the profile says less; 0 skips the FTP case). */
  readonly ftpFiles?: number;
  readonly log: (line: string) => void;
  /** Another built ingester's main.js (the bench's `--ingester`). */
  readonly ingesterScript?: string;
}

/** Polling period of the end-of-intake check, ms (the figures' resolution is the moves' ctimes, not this). */
const POLL_MS = 200;
/** Longest a case may take, ms: far beyond the 4 minutes the benchmark's time budget allows a case (issue 19). */
const CASE_TIMEOUT_MS = 10 * 60_000;
/** The first and last this-many files give the per-file rate at the start and at the end of the backlog. */
const RATE_WINDOW = 1_000;
/** Files written between two yields to the event loop while writing directly (keeps the poller alive). */
const WRITE_CHUNK = 500;

/**
 * The TT 10 file-intake benchmark (issue 19 item 7): files per second from upload to durable for one station's
 * backlog, (a) written straight into its intake folder as fast as possible (each to a dot-file, then renamed, as
 * pure-ftpd's `--notruncate` finishes an upload), files in a seeded shuffled order (out of order in time, late
 * readings for the alert engine), and (b) uploaded over one FTP connection (basic-ftp, the client the repository's
 * datalogger uses) to a private pure-ftpd, oldest first (as the datalogger uploads its outbox). Each case runs a
 * fresh built ingester with only that station (default TT 10 settings: TT10_SCAN_INTERVAL_MS, TT10_MAX_FILES_PER_SCAN)
 * and its own database. A file counts as durable when it is in `processed/` (the ingester moves it there after its
 * readings are in the spool) and its reading is counted in InfluxDB.
 * @throws Error when a case does not end within 10 minutes, or a file is rejected (a bug in the generator or intake).
 */
export async function measureTt10Intake(options: Tt10IntakeOptions): Promise<Tt10IntakeResult> {
  const { services, log } = options;
  const registryFile = join(services.dataDir, 'registry-tt10.json');
  writeFileSync(registryFile, JSON.stringify(tt10BenchRegistry()));
  // The backlog ends a quarter of an hour before now: every time is in the past (the contract refuses the future).
  const lastTime = Math.floor(Date.now() / FILE_INTERVAL_MS) * FILE_INTERVAL_MS - 3 * FILE_INTERVAL_MS;

  log(`TT 10 file intake, ${options.files} files of one station (direct, shuffled arrival)`);
  const directDir = join(services.dataDir, 'tt10-direct');
  const direct = await runCase(options, options.files, registryFile, directDir, 'direct', async (onStart) => {
    const home = join(directDir, 'home', TT10_BENCH_STATION.id);
    mkdirSync(home, { recursive: true });
    const files = backlogFiles(options.files, lastTime, 'shuffled');
    onStart();
    for (let i = 0; i < files.length; i++) {
      const temporary = join(home, `.pureftpd-upload.bench.${i}`);
      writeFileSync(temporary, files[i].content);
      renameSync(temporary, join(home, files[i].name));
      if (i % WRITE_CHUNK === WRITE_CHUNK - 1) await new Promise((r) => setImmediate(r));
    }
    return { arrival: 'shuffled', connections: 0 };
  });
  log(`  ${describeCase(direct)}`);

  const ftpFiles = options.ftpFiles ?? options.files;
  const skipped =
    ftpFiles === 0
      ? 'not asked for (no FTP files in this profile)'
      : process.getuid?.() !== 0
        ? 'pure-ftpd needs root (a chroot per account), and the benchmark does not run as root'
        : undefined;
  if (skipped) {
    log(`  FTP case skipped: ${skipped}`);
    return { direct, ftp: { skipped } };
  }
  log(`TT 10 file intake over FTP, ${ftpFiles} files (pure-ftpd, one basic-ftp connection, oldest first)`);
  const ftpDir = join(services.dataDir, 'tt10-ftp');
  const account = { user: TT10_BENCH_STATION.id, password: `bench-${process.pid}-${Date.now()}` };
  const ftp = await startPureFtpd({
    accounts: [account],
    homeRoot: join(ftpDir, 'home'),
    dataDir: join(services.dataDir, 'pure-ftpd'),
  });
  let viaFtp: Tt10CaseResult;
  try {
    viaFtp = await runCase(options, ftpFiles, registryFile, ftpDir, 'ftp', async (onStart) => {
      const files = backlogFiles(ftpFiles, lastTime, 'ordered');
      onStart();
      await uploadAll(ftp, account, files);
      return { arrival: 'ordered', connections: 1 };
    });
  } finally {
    await ftp.stop();
  }
  log(`  ${describeCase(viaFtp)}`);
  return { direct, ftp: viaFtp };
}

const describeCase = (r: Tt10CaseResult) =>
  `${r.files} files in ${r.seconds.toFixed(1)} s (written in ${r.writeS.toFixed(1)} s): ${r.filesPerS.toFixed(0)} files/s, ` +
  `${r.readingsPerS.toFixed(0)} readings/s; first ${r.window}: ${r.firstWindowFilesPerS.toFixed(0)} files/s, last ` +
  `${r.window}: ${r.lastWindowFilesPerS.toFixed(0)} files/s (CPU ${r.firstWindowCpuMsPerFile.toFixed(2)} → ` +
  `${r.lastWindowCpuMsPerFile.toFixed(2)} ms/file); ingester ${r.cpuMsPerFile.toFixed(2)} ms CPU/file, ` +
  `influxd ${r.influxdCpuMsPerFile.toFixed(2)} ms/file, peak RSS ${r.peakRssMb} MB`;

/** Uploads every file over one connection, in the given order (basic-ftp `uploadFrom`: STOR over a passive data connection). */
async function uploadAll(
  ftp: RunningFtpServer,
  account: { user: string; password: string },
  files: readonly BacklogFile[],
): Promise<void> {
  const client = new Client(30_000);
  try {
    await client.access({ host: ftp.host, port: ftp.port, user: account.user, password: account.password });
    for (const file of files) await client.uploadFrom(Readable.from([Buffer.from(file.content)]), file.name);
  } finally {
    client.close();
  }
}

/**
 * One case: a fresh ingester watching `tt10Dir`, `feed` writes or uploads the backlog (calling `onStart` just before
 * its first file), then waits until every file is in `processed/` and every reading in InfluxDB.
 */
async function runCase(
  options: Tt10IntakeOptions,
  count: number,
  registryFile: string,
  tt10Dir: string,
  transport: Tt10Transport,
  feed: (onStart: () => void) => Promise<{ arrival: 'ordered' | 'shuffled'; connections: number }>,
): Promise<Tt10CaseResult> {
  const { services } = options;
  const database = `bench_tt10_${transport}`;
  mkdirSync(join(tt10Dir, 'home', TT10_BENCH_STATION.id), { recursive: true });
  const ingester = await startIngester({
    root: options.root,
    services,
    registryFile,
    database,
    name: `ingester-tt10-${transport}`,
    env: { TT10_FTP_DIR: tt10Dir },
    script: options.ingesterScript,
  });
  try {
    const pid = ingester.process.pid;
    const influxdPid = services.influx.pid;
    if (influxdPid === undefined) throw new Error('influxd is not running');
    let startMs = 0;
    let cpuBefore = 0;
    let influxdBefore = 0;
    const fed = await feed(() => {
      startMs = Date.now();
      cpuBefore = cpuSeconds(pid);
      influxdBefore = cpuSeconds(influxdPid);
    });
    const writeS = (Date.now() - startMs) / 1000;
    const processedDir = join(tt10Dir, 'processed', TT10_BENCH_STATION.id);
    const deadline = startMs + CASE_TIMEOUT_MS;
    let moved: string[] = [];
    let readings = 0;
    const samples: { moved: number; cpuS: number }[] = [];
    for (;;) {
      const cpuNow = cpuSeconds(pid);
      moved = processedFiles(processedDir);
      samples.push({ moved: moved.length, cpuS: cpuNow - cpuBefore });
      const rejected = readdirOrEmpty(join(tt10Dir, 'rejected', TT10_BENCH_STATION.id));
      if (rejected.length > 0)
        throw new Error(
          `TT 10 bench: ${rejected.length / 2} file(s) rejected, e.g. ${rejected[0]} (see ${tt10Dir})`,
        );
      if (moved.length >= count) {
        readings = await countStationPoints(services.influx.url, database);
        if (readings >= count) break;
      }
      if (Date.now() > deadline)
        throw new Error(
          `TT 10 bench (${transport}): after ${CASE_TIMEOUT_MS / 1000} s only ${moved.length} of ${count} files processed, ${readings} readings stored`,
        );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const endMs = Date.now();
    const cpuS = cpuSeconds(pid) - cpuBefore;
    const influxdS = cpuSeconds(influxdPid) - influxdBefore;
    const seconds = (endMs - startMs) / 1000;
    // Each move's time: rename(2) sets the file's ctime (the processed copy is never written again).
    const moves = moved.map((path) => statSync(path).ctimeMs).sort((a, b) => a - b);
    const window = Math.max(2, Math.min(RATE_WINDOW, Math.floor(moves.length / 2)));
    const rate = (from: number, to: number) =>
      (window - 1) / Math.max(0.001, (moves[to] - moves[from]) / 1000);
    // CPU of the first window: up to the first sample with `window` files moved; of the last: from the last sample
    // with at most `count - window` moved to the end.
    const head = samples.find((x) => x.moved >= window) ?? { moved: count, cpuS };
    const tail = samples.filter((x) => x.moved <= count - window).at(-1) ?? { moved: 0, cpuS: 0 };
    const perFile = (cpu: number, files: number) => round((cpu * 1000) / Math.max(1, files), 3);
    return {
      transport,
      connections: fed.connections,
      arrival: fed.arrival,
      files: count,
      readings,
      writeS: round(writeS, 2),
      seconds: round(seconds, 2),
      filesPerS: round(count / seconds, 1),
      readingsPerS: round(readings / seconds, 1),
      window,
      firstWindowFilesPerS: round(rate(0, window - 1), 1),
      lastWindowFilesPerS: round(rate(moves.length - window, moves.length - 1), 1),
      firstWindowCpuMsPerFile: perFile(head.cpuS, head.moved),
      lastWindowCpuMsPerFile: perFile(cpuS - tail.cpuS, count - tail.moved),
      cpuMsPerFile: round((cpuS * 1000) / count, 3),
      influxdCpuMsPerFile: round((influxdS * 1000) / count, 3),
      peakRssMb: Math.round(memoryMb(pid).peak),
    };
  } finally {
    await ingester.stop();
  }
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Paths of the files in `processed/<station>/<day>/` (their `.reason.txt` notes left out). */
function processedFiles(dir: string): string[] {
  const out: string[] = [];
  for (const day of readdirOrEmpty(dir)) {
    for (const name of readdirOrEmpty(join(dir, day))) {
      if (!name.endsWith('.reason.txt')) out.push(join(dir, day, name));
    }
  }
  return out;
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Points of the benchmark's TT 10 station in `database` (PM10 is in every file, whatever its status). */
async function countStationPoints(influxUrl: string, database: string): Promise<number> {
  const values = await influxQuery(
    influxUrl,
    database,
    `SELECT count("PM10") FROM "air" WHERE "station" = '${TT10_BENCH_STATION.id}'`,
  );
  return Number(values[0]?.[1] ?? 0);
}
