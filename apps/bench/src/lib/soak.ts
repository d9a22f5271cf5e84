import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { choosePort } from '@langxanh/local-services';
import { HeapProbe, type HeapSample } from './heap-probe';
import { runLoad } from './load';
import { cpuSeconds } from './proc';
import { benchRegistry } from './registry';
import { countPoints, startIngester, type BenchServices } from './rig';

const HOUR_MS = 3_600_000;
/** Issue 19, item 2: the heap must not grow with data time — growth from data hour ⅓ to the end ≤ 10 %. */
export const SOAK_GROWTH_LIMIT = 0.1;
/** How often the soak reads the ingester's accepted-readings counter while it waits for a data hour, ms. */
const POLL_MS = 100;
/** Bound on waiting for a data hour's readings to be accepted, and for all to be stored at the end, ms. */
const DRAIN_LIMIT_MS = 120_000;

/** What the compressed soak publishes. */
export interface SoakSpec {
  /** Air stations publishing (the first n of the registry). */
  readonly stations: number;
  /** Hours of data time (24 in the full profile). */
  readonly hours: number;
  /** ms of data time between one station's readings (15 min: a real station's rate). */
  readonly intervalMs: number;
  /** Paced publishing rate, readings/s (steady over the whole soak). */
  readonly rate: number;
  /**
   * Wall-clock bound of the soak, s: past it no further data hour is published and the missing hours' marks are
   * `null` (the growth row then reads "no"), so a slow ingester cannot stretch `npm run bench` past its budget.
   */
  readonly budgetS: number;
}

/** The ingester's memory after a forced full GC, once it had accepted every reading up to a data hour. */
export interface SoakSample extends HeapSample {
  /** Data hours published and accepted (0 = before the first reading). */
  readonly dataHour: number;
  readonly accepted: number;
  /** Wall-clock seconds since the publisher started. */
  readonly atS: number;
}

export interface SoakResult extends SoakSpec {
  readonly readings: number;
  /** Readings of the soak found in InfluxDB at the end. */
  readonly stored: number;
  readonly samples: readonly SoakSample[];
  /** Heap in use after GC at data hours ⅓, ⅔ and the end (8, 16, 24 in the full profile), MB; `null` if not reached. */
  readonly marks: readonly { dataHour: number; heapUsedMb: number | null }[];
  /** (heap at the end − heap at ⅓) ÷ heap at ⅓; `null` when the soak did not reach both. */
  readonly growth: number | null;
  /** Wall-clock duration of the soak (publishing and draining), s. */
  readonly durationS: number;
  /** CPU per reading over the soak (µs): the ingester's and influxd's. */
  readonly cpuUsPerReading: number;
  readonly influxdUsPerReading: number;
}

/**
 * Issue 19, item 2 — the compressed soak: a fresh ingester (the production start, plus `--inspect` on loopback so
 * the bench can force a GC) receives `hours` of data time for `stations` stations, one reading per station every
 * `intervalMs`, published at a steady `rate`, one load-generator process per data hour. Once the ingester has
 * accepted that hour's readings (its `langxanh_readings_accepted_total`), the bench forces a full GC through the
 * inspector and records the heap: live data that grows with data time shows as a rising line. Duration ≈
 * readings ÷ rate + about a second per data hour (process start, GC, sample).
 * @throws Error when the load generator fails or the inspector does not answer.
 */
export async function runSoak(options: {
  readonly root: string;
  readonly services: BenchServices;
  readonly spec: SoakSpec;
  readonly log: (line: string) => void;
  readonly nodeArgs?: readonly string[];
  readonly script?: string;
  readonly now?: number;
}): Promise<SoakResult> {
  const { spec, log } = options;
  if (HOUR_MS % spec.intervalMs !== 0)
    throw new Error(`soak interval ${spec.intervalMs} ms does not divide an hour`);
  const perHour = spec.stations * (HOUR_MS / spec.intervalMs);
  // Data time ends an hour before now (the ingester refuses readings from the future), on whole hours.
  const t0 = Math.floor(((options.now ?? Date.now()) - (spec.hours + 1) * HOUR_MS) / HOUR_MS) * HOUR_MS;
  // The stations are registered with the soak's interval, as a real 15-minute station is. Compressed data time is
  // old data: the deadman (libs/alerting stationSilence) counts silence from the older of arrival and measurement
  // time, so every station would be `stale` and raise an offline alert — a storm of 10 000 alerts and notifications,
  // not the steady state the soak is about. OFFLINE_AFTER_INTERVALS (ingester env) is raised past the data span.
  const registry = benchRegistry(spec.stations);
  for (const cluster of registry.clusters)
    for (const station of cluster.stations)
      if (station.kind === 'air') Object.assign(station, { expectedIntervalS: spec.intervalMs / 1000 });
  const registryFile = join(options.services.dataDir, 'registry-soak.json');
  writeFileSync(registryFile, JSON.stringify(registry));
  const port = await choosePort(0, false);
  const ingester = await startIngester({
    root: options.root,
    services: options.services,
    registryFile,
    database: 'bench_soak',
    name: 'ingester-soak',
    nodeArgs: [...(options.nodeArgs ?? []), `--inspect=127.0.0.1:${port}`],
    env: { OFFLINE_AFTER_INTERVALS: String(Math.ceil(((spec.hours + 2) * HOUR_MS) / spec.intervalMs)) },
    script: options.script,
  });
  const probe = await HeapProbe.connect(port);
  const accepted = async () => {
    const text = await (await ingester.fetch('/api/metrics')).text();
    return Number(/^langxanh_readings_accepted_total (\d+)/m.exec(text)?.[1] ?? 0);
  };
  try {
    const started = Date.now();
    const at = () => Math.round((Date.now() - started) / 100) / 10;
    const samples: SoakSample[] = [];
    const sample = async (dataHour: number, count: number) => {
      const s = { dataHour, accepted: count, atS: at(), ...(await probe.sample()) };
      samples.push(s);
      return s;
    };
    await sample(0, await accepted());
    const cpuBefore = cpuSeconds(ingester.process.pid);
    const influxdPid = options.services.influx.pid ?? ingester.process.pid;
    const influxdBefore = cpuSeconds(influxdPid);
    // One load-generator process per data hour at the steady rate; once the ingester has accepted that hour
    // (bounded wait), the sample — so each sample is taken exactly at its data hour, not whenever a poll came round.
    let sent = 0;
    for (let hour = 1; hour <= spec.hours; hour++) {
      if (Date.now() - started > spec.budgetS * 1000) {
        log(`  soak stopped before data hour ${hour}: over its ${spec.budgetS} s budget`);
        break;
      }
      const { summary } = await runLoad({
        root: options.root,
        brokerUrl: options.services.broker.url,
        registryFile,
        stations: spec.stations,
        rate: spec.rate,
        durationS: perHour / spec.rate,
        first: (hour - 1) * perHour,
        t0,
        intervalMs: spec.intervalMs,
        connections: 2,
      });
      sent += summary.sent;
      const deadline = Math.min(Date.now() + DRAIN_LIMIT_MS, started + spec.budgetS * 1000);
      let count = await accepted();
      while (count < sent && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        count = await accepted();
      }
      if (count < sent) {
        log(`  soak data hour ${hour} not accepted in time (${count} of ${sent}): no sample, soak stopped`);
        break;
      }
      const s = await sample(hour, count);
      log(
        `  soak data hour ${hour}: heap in use after GC ${s.heapUsedMb} MB, RSS ${s.rssMb} MB (${count} accepted)`,
      );
    }
    let stored = 0;
    const drainDeadline = Date.now() + DRAIN_LIMIT_MS;
    while (Date.now() < drainDeadline) {
      stored = await countPoints(
        options.services.influx.url,
        ingester.database,
        t0,
        t0 + spec.hours * HOUR_MS - 1,
      );
      if (stored >= sent) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const perReading = (before: number, now: number) =>
      Math.round(((now - before) / Math.max(1, sent)) * 1e8) / 100;
    const markHours = [Math.round(spec.hours / 3), Math.round((2 * spec.hours) / 3), spec.hours];
    const heapAt = (h: number) => samples.find((s) => s.dataHour === h)?.heapUsedMb ?? null;
    const marks = markHours.map((dataHour) => ({ dataHour, heapUsedMb: heapAt(dataHour) }));
    const [first, , last] = marks.map((m) => m.heapUsedMb);
    const growth =
      first === null || last === null ? null : Math.round(((last - first) / first) * 1000) / 1000;
    return {
      ...spec,
      readings: sent,
      stored,
      samples,
      marks,
      growth,
      durationS: at(),
      cpuUsPerReading: perReading(cpuBefore, cpuSeconds(ingester.process.pid)),
      influxdUsPerReading: perReading(influxdBefore, cpuSeconds(influxdPid)),
    };
  } finally {
    probe.close();
    await ingester.stop();
  }
}
