import { registrySchema, type Registry, type StatusCode } from '@langxanh/contracts';
import { formatTt10, formatTt10FileName, tt10LinesForReading } from '@langxanh/tt10';

/**
 * The TT 10 station of the file-intake benchmark: an air station (QCVN 05:2023, so the alert engine keeps its
 * 1 h / 8 h / 24 h means over the backlog) reporting one file every 5 minutes (`expectedIntervalS` 300: files every
 * 5 minutes in practice, shared docs/domain.md §4.2 [R]).
 */
export const TT10_BENCH_STATION = {
  id: 'tt10-air-01',
  cluster: 'bench-tt10',
  /** `<TenTinh>_<TenCoSo>_<TenTram>` (shared docs/domain.md §4.2 file name). */
  name: { province: 'BN', facility: 'BENCH', station: 'KK01' },
} as const;

/** Five minutes, ms: one file per 5-minute average (shared docs/domain.md §4.2 [R]). */
export const FILE_INTERVAL_MS = 300_000;
/**
 * Files of a full backlog: the 60 days a datalogger must keep (TT 10 Điều 39, shared docs/domain.md §4.2) of one
 * station at one file per 5 minutes: 60 × 288 = 17 280.
 */
export const BACKLOG_60_DAYS = 60 * 288;
/** Most files one benchmark step generates (the 60-day backlog; a bound on memory, ~6 MB of text). */
const MAX_FILES = BACKLOG_60_DAYS;

/** A registry with the one TT 10 station (validated with the contract's `registrySchema`). */
export function tt10BenchRegistry(): Registry {
  const s = TT10_BENCH_STATION;
  return registrySchema.parse({
    province: 'Benchmark',
    clusters: [
      {
        id: s.cluster,
        name: 'Benchmark TT 10',
        craft: { vi: 'Đo hiệu năng', en: 'Benchmark' },
        commune: 'Phường Benchmark',
        location: { lat: 21.13, lon: 105.94 },
        manager: { name: 'Benchmark', phone: '+84 000 000 000', email: 'bench@example.vn' },
        stations: [
          {
            id: s.id,
            kind: 'air',
            name: 'Trạm không khí TT 10 (benchmark)',
            location: { lat: 21.131, lon: 105.941 },
            expectedIntervalS: FILE_INTERVAL_MS / 1000,
            tt10: `${s.name.province}_${s.name.facility}_${s.name.station}`,
            standard: { qcvn: 'QCVN 05:2023/BTNMT' },
          },
        ],
      },
    ],
  });
}

/** One generated upload. */
export interface BacklogFile {
  readonly name: string;
  readonly content: string;
  /** Measurement time, epoch ms UTC. */
  readonly time: number;
}

/** mulberry32: a small seeded PRNG, so every run uploads the same backlog. Returns [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Typical ambient levels around an industrial cluster in the Red River delta (µg/m³, °C, %): PM2.5 near the
 * QCVN 05:2023 24 h limit of 50 µg/m³ so some days exceed it (alerts raised during the backlog, as in real data).
 */
const LEVELS: Readonly<Record<string, { base: number; swing: number; noise: number; digits: number }>> = {
  'PM2.5': { base: 38, swing: 18, noise: 6, digits: 1 },
  PM10: { base: 62, swing: 25, noise: 9, digits: 1 },
  TSP: { base: 110, swing: 40, noise: 15, digits: 1 },
  SO2: { base: 22, swing: 10, noise: 4, digits: 1 },
  NO2: { base: 35, swing: 15, noise: 5, digits: 1 },
  CO: { base: 1_800, swing: 700, noise: 200, digits: 0 },
  O3: { base: 55, swing: 35, noise: 8, digits: 1 },
  Temp: { base: 24, swing: 5, noise: 0.5, digits: 1 },
  RH: { base: 75, swing: -12, noise: 3, digits: 1 },
};

/**
 * The 60-day-style backlog of {@link TT10_BENCH_STATION}: `count` five-minute files ending at `lastTime` (a whole
 * 5-minute mark), in `arrival` order, each written with libs/tt10's writer (`formatTt10FileName`, `formatTt10`,
 * `tt10LinesForReading`: catalogue units stated, `PM2,5` symbol, Vietnam local times). Values follow a daily cycle
 * with seeded noise; statuses as a datalogger sends them: `00` measuring, `01` calibrating for the whole station
 * 02:00–02:55 local time each day (12 files a day), `02` device error of SO2 alone about 1 file in 200 (value kept).
 * @param arrival `'ordered'` oldest first (a datalogger's upload of its outbox), `'shuffled'` a seeded permutation
 *   (files arriving out of order: readings late in measurement time for the alert engine).
 * @throws RangeError when `count` is not an integer in 1–17 280 (the 60-day backlog).
 */
export function backlogFiles(
  count: number,
  lastTime: number,
  arrival: 'ordered' | 'shuffled',
): BacklogFile[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_FILES)
    throw new RangeError(`backlog of ${count} files: an integer 1–${MAX_FILES}`);
  const random = prng(19_007);
  const first = lastTime - (count - 1) * FILE_INTERVAL_MS;
  const files: BacklogFile[] = [];
  for (let i = 0; i < count; i++) {
    const time = first + i * FILE_INTERVAL_MS;
    // Hour of the day in Vietnam (UTC+7): the daily cycle peaks in the morning and evening traffic.
    const localHour = (time / 3_600_000 + 7) % 24;
    const cycle = Math.cos(((localHour - 8) / 12) * Math.PI);
    const values: Record<string, number> = {};
    for (const [key, level] of Object.entries(LEVELS)) {
      const raw = level.base + level.swing * cycle + level.noise * (random() * 2 - 1);
      values[key] = Number(Math.max(0, raw).toFixed(level.digits));
    }
    const calibrating = Math.floor(localHour) === 2;
    const status: Record<string, StatusCode> = {};
    for (const key of Object.keys(values)) status[key] = calibrating ? '01' : '00';
    if (!calibrating && random() < 0.005) status['SO2'] = '02';
    files.push({
      name: formatTt10FileName(TT10_BENCH_STATION.name, time),
      content: formatTt10(tt10LinesForReading('air', { time, values, status })),
      time,
    });
  }
  if (arrival === 'shuffled') {
    // Fisher–Yates with the same seeded generator.
    for (let i = files.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [files[i], files[j]] = [files[j], files[i]];
    }
  }
  return files;
}
