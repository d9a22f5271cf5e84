import { setMaxListeners } from 'node:events';
import { toVietnamIso, type ReadingPayload, type RegisteredStation } from '@langxanh/contracts';
import { createStationModel, type GeneratedReading, type StationModel } from './generator/model';
import type { Logger } from './logger';
import { StationConnection, type BrokerOptions } from './mqtt/station-connection';
import { isPaused, type PauseWindow } from './pause';
import { graceAfterAbort, sleepUntil } from './sleep';

/**
 * The clock of a simulation. Two time lines run side by side:
 * - the **send time** (`ts` of each message): the wall-clock instant a reading is due, so that the ingester (which
 *   refuses readings from the future) accepts it and the dashboard shows it live. Each station sends one reading
 *   every `stepRealMs`: its `expectedIntervalS` divided by the time scale (`--time-scale 12`: an air station every
 *   5 s instead of 60 s), or `--interval`;
 * - the **model time** the values are generated for. By default it *is* the send time: daily cycles, incidents,
 *   bin filling and QCVN averaging periods all line up with the timestamps. `--start` shifts it and
 *   `--model-speed m` makes it run m times faster (a demo of a whole day in 24/m hours); then the values no longer
 *   match the hour of `ts`, and an incident lasts m times shorter in real time (1-h averaged air limits may not
 *   be reached).
 * Reading n is due at `realStart + n × stepRealMs` and carries the values of `modelStart + n × stepModelMs`.
 */
export interface SimulationClock {
  readonly realStart: number;
  readonly modelStart: number;
  readonly stepRealMs: number;
  readonly stepModelMs: number;
}

export interface ClockOptions {
  /** Wall-clock start, epoch ms. */
  readonly realStart: number;
  /** Model-clock start, epoch ms (default: `realStart`). */
  readonly modelStart?: number;
  /** Readings per expected interval (default 1): the real interval is `expectedIntervalS / timeScale`. */
  readonly timeScale?: number;
  /** Model seconds per real second (default 1). */
  readonly modelSpeed?: number;
  /** Real seconds between readings; overrides `expectedIntervalS / timeScale`. */
  readonly intervalS?: number;
}

/** The clock of one station. */
export function stationClock(station: RegisteredStation['station'], options: ClockOptions): SimulationClock {
  const timeScale = options.timeScale ?? 1;
  const modelSpeed = options.modelSpeed ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`time scale must be > 0, got ${timeScale}`);
  if (!(modelSpeed > 0)) throw new RangeError(`model speed must be > 0, got ${modelSpeed}`);
  const stepRealMs =
    options.intervalS !== undefined
      ? options.intervalS * 1000
      : (station.expectedIntervalS * 1000) / timeScale;
  if (!(stepRealMs > 0)) throw new RangeError(`interval must be > 0`);
  return {
    realStart: options.realStart,
    modelStart: options.modelStart ?? options.realStart,
    stepRealMs,
    stepModelMs: stepRealMs * modelSpeed,
  };
}

/** The message of reading `n`: `ts` is the send time in Vietnam time with its offset. */
export function readingMessage(
  model: StationModel,
  clock: SimulationClock,
  n: number,
): { payload: ReadingPayload; reading: GeneratedReading } {
  const reading = model.at(Math.round(clock.modelStart + n * clock.stepModelMs));
  const ts = toVietnamIso(Math.round(clock.realStart + n * clock.stepRealMs));
  return { payload: { ts, values: reading.values, status: reading.status }, reading };
}

export interface SimulateOptions {
  readonly broker: BrokerOptions;
  readonly stations: readonly RegisteredStation[];
  readonly seed: string;
  /** Readings per expected interval (see {@link SimulationClock}); default 1. */
  readonly timeScale?: number;
  /** Model seconds per real second; default 1. */
  readonly modelSpeed?: number;
  readonly intervalS?: number;
  /** Model start, epoch ms (default: the real start). */
  readonly modelStart?: number;
  /** Stop after this many real seconds (readings due before the end are sent). */
  readonly durationS?: number;
  /** Stop each station after this many readings. */
  readonly count?: number;
  readonly incidentRate?: number;
  /** Spans during which a station publishes nothing (a gap in its series); its MQTT session stays up. */
  readonly pauses?: readonly PauseWindow[];
  /** Log a progress line every this many readings (default 100). */
  readonly logEvery?: number;
  /** Readings a station may have waiting for their PUBACK; beyond that a due reading is dropped (default 1000). */
  readonly maxPendingPerStation?: number;
  readonly log: Logger;
  /** Aborting stops the run cleanly (offline statuses, disconnects). */
  readonly signal?: AbortSignal;
}

export interface SimulateSummary {
  readonly stations: number;
  readonly published: number;
  readonly failed: number;
  readonly dropped: number;
  readonly perStation: Readonly<Record<string, number>>;
  readonly incidents: number;
  /** Readings not sent because their station was paused. */
  readonly paused: number;
  readonly elapsedMs: number;
}

/**
 * Runs the simulation: connects every station (one MQTT session each), publishes readings on schedule until
 * `count`, `durationS` or the abort signal, then waits for outstanding acknowledgements, publishes `offline` and
 * disconnects.
 */
export async function runSimulate(options: SimulateOptions): Promise<SimulateSummary> {
  const { log } = options;
  const logEvery = Math.max(1, options.logEvery ?? 100);
  const maxPending = options.maxPendingPerStation ?? 1000;
  const connections = options.stations.map((r) => new StationConnection(r, options.broker, log));
  // Every station waits on the signal: lift the default limit of 10 listeners.
  if (options.signal) setMaxListeners(connections.length + 10, options.signal);

  const started = Date.now();
  let published = 0;
  let failed = 0;
  let dropped = 0;
  let incidents = 0;
  let paused = 0;
  const pauses = options.pauses ?? [];
  const perStation: Record<string, number> = {};

  try {
    await Promise.all(connections.map((c) => c.connect()));
  } catch (error) {
    await Promise.all(connections.map((c) => c.close(1_000)));
    throw error;
  }
  // Start on a whole second, so that with whole-second intervals every `ts` is a round time.
  const realStart = Math.ceil(Date.now() / 1000) * 1000;
  const modelStart = options.modelStart ?? realStart;
  const timeScale = options.timeScale ?? 1;
  const modelSpeed = options.modelSpeed ?? 1;
  log.info(
    `${connections.length} station(s) connected to ${options.broker.url}; seed "${options.seed}", time scale ${timeScale}, ` +
      `model clock from ${toVietnamIso(modelStart)} at ${modelSpeed}×` +
      `${options.count !== undefined ? `, ${options.count} reading(s) per station` : ''}${options.durationS !== undefined ? `, for ${options.durationS} s` : ''}`,
  );
  const endAt = options.durationS !== undefined ? realStart + options.durationS * 1000 : Infinity;

  const runStation = async (connection: StationConnection): Promise<void> => {
    const { station } = connection.registered;
    const model = createStationModel(connection.registered, {
      seed: options.seed,
      incidentRate: options.incidentRate,
    });
    const clock = stationClock(station, {
      realStart,
      modelStart,
      timeScale,
      modelSpeed,
      intervalS: options.intervalS,
    });
    const inFlight = new Set<Promise<void>>();
    let lastIncident: string | undefined;
    perStation[station.id] = 0;

    for (let n = 0; options.count === undefined || n < options.count; n++) {
      const due = clock.realStart + n * clock.stepRealMs;
      if (due >= endAt) break;
      if (!(await sleepUntil(due, options.signal))) break;
      if (isPaused(pauses, station.id, clock.realStart, due)) {
        paused++;
        continue;
      }

      const { payload, reading } = readingMessage(model, clock, n);
      const incidentKey = reading.incident ? `${reading.incident.id}@${reading.incident.start}` : undefined;
      if (incidentKey !== lastIncident) {
        if (reading.incident) {
          incidents++;
          log.info(
            `${station.id}: incident "${reading.incident.id}" (${reading.incident.description}) until model time ${toVietnamIso(reading.incident.end)}`,
          );
        } else {
          log.info(`${station.id}: incident over`);
        }
        lastIncident = incidentKey;
      }
      if (connection.pending >= maxPending) {
        dropped++;
        continue;
      }
      const sent = connection
        .publishReading(payload)
        .then(() => {
          published++;
          perStation[station.id]++;
          if (published % logEvery === 0) {
            log.info(
              `${published} readings published (${connections.length} stations, ${failed} failed, ${dropped} dropped)`,
            );
          }
        })
        .catch((error: Error) => {
          failed++;
          if (failed === 1 || failed % logEvery === 0)
            log.warn(`${failed} publish(es) failed; last: ${station.id}: ${error.message}`);
        });
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
    // Wait for the acknowledgements; after an abort only briefly (the broker may be the reason we stop).
    const acked = Promise.all(inFlight).then(() => true);
    if (!(await Promise.race([acked, graceAfterAbort(options.signal, 5_000).then(() => false)]))) {
      log.warn(`${station.id}: ${inFlight.size} reading(s) not acknowledged at shutdown`);
    }
  };

  try {
    await Promise.all(connections.map(runStation));
    // --duration is a wall-clock span: stay connected (online) until it ends, even after the last reading.
    if (Number.isFinite(endAt) && options.count === undefined) await sleepUntil(endAt, options.signal);
  } finally {
    await Promise.all(connections.map((c) => c.close()));
  }
  const summary: SimulateSummary = {
    stations: connections.length,
    published,
    failed,
    dropped,
    perStation,
    incidents,
    paused,
    elapsedMs: Date.now() - started,
  };
  log.info(
    `done: ${published} readings published from ${summary.stations} station(s) in ${(summary.elapsedMs / 1000).toFixed(1)} s` +
      ` (${failed} failed, ${dropped} dropped, ${incidents} incident(s) seen, ${paused} paused); stations offline`,
  );
  return summary;
}
