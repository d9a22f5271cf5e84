import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  STATION_KINDS,
  type AlertDto,
  type LatestValueDto,
  type Reading,
  type StationDto,
  type StationKind,
  type StationState,
  type StatusCode,
} from '@langxanh/contracts';
import {
  isOffline,
  stationSilence,
  type DeafSpan,
  type SilenceSettings,
  type SilenceVerdict,
} from '@langxanh/alerting';
import { DomainEventBus, type RegistryChangedEvent } from '../common/domain-events';
import type { Env } from '../config/env';
import { RegistryService } from '../registry/registry.service';
import { StationStateRepository } from '../storage/station-state.repository';
import { StorageStartup } from '../storage/storage-startup';

/** A parameter's latest value; `at` epoch ms (the ISO time of {@link LatestValueDto} is built when asked for). */
interface Latest {
  value: number;
  at: number;
  status: StatusCode;
}

/** A station as tracked; also the `StationActivity` (`@langxanh/alerting`) its offline decision reads. */
interface Tracked {
  cluster: string;
  kind: StationKind;
  readonly station: string;
  expectedIntervalS: number;
  /** When it joined the registry at run time (epoch ms): its grace as a station never heard from counts from here. */
  addedAt?: number;
  /** Retired (registry): no silence check, no offline alert, not on the overview. */
  retired: boolean;
  latest: Record<string, Latest>;
  /** Newest reading time (measurement time), epoch ms: silence is measured from here when older than `lastArrival`. */
  lastReadingTime?: number;
  /** When the newest reading arrived (processing time), epoch ms: silence is measured from here. */
  lastArrival?: number;
  /** The station's own last word on its retained status topic is `offline` (its last will), and no reading since. */
  announcedOffline: boolean;
  /** Ids of its open alerts (by id, not rule: an older episode of a rule, found late, must not close the open one). */
  activeAlerts: Set<string>;
  state: StationState;
}

/**
 * What the overview shows about each station: latest value per parameter, last-seen time and its state
 * (`normal`, `exceeding`, `offline`, `no_data`, see {@link StationState}). Restored from InfluxDB at start-up so a
 * restart does not blank the overview; the newest reading time per station is read there once, and shared
 * ({@link newestReadingTime}: the ingest stage recognises retained replays with it).
 * Listens (app/event-wiring.ts): {@link onReading}, {@link onAlert}.
 */
@Injectable()
export class StationStateService implements OnModuleInit {
  private readonly logger = new Logger(StationStateService.name);
  private readonly tracked = new Map<string, Tracked>();
  private silence: SilenceSettings;

  constructor(
    private readonly registry: RegistryService,
    private readonly storage: StationStateRepository,
    private readonly bus: DomainEventBus,
    config: ConfigService<Env, true>,
    private readonly startup: StorageStartup,
  ) {
    this.silence = {
      offlineAfterIntervals: config.get('OFFLINE_AFTER_INTERVALS', { infer: true }),
      startedAt: Date.now(),
      graceMs: config.get('OFFLINE_GRACE_S', { infer: true }) * 1000,
    };
    this.track();
  }

  /**
   * A registry version took effect (listener, app/event-wiring.ts): new stations are tracked (`no_data`, their
   * grace counted from now), changed ones take their cluster, kind, interval and retirement from it, stations no
   * longer in it are forgotten. Their latest values and open alerts are kept.
   */
  onRegistryChange(_event: RegistryChangedEvent, now = Date.now()): void {
    this.track(now);
  }

  private track(addedAt?: number): void {
    const present = new Set<string>();
    for (const { cluster, station } of this.registry.stations.all()) {
      present.add(station.id);
      const tracked = this.tracked.get(station.id);
      if (tracked) {
        tracked.cluster = cluster.id;
        tracked.kind = station.kind;
        tracked.expectedIntervalS = station.expectedIntervalS;
        tracked.retired = station.retired !== undefined;
        continue;
      }
      this.tracked.set(station.id, {
        cluster: cluster.id,
        kind: station.kind,
        station: station.id,
        expectedIntervalS: station.expectedIntervalS,
        ...(addedAt !== undefined ? { addedAt } : {}),
        retired: station.retired !== undefined,
        announcedOffline: false,
        latest: {},
        activeAlerts: new Set(),
        state: 'no_data',
      });
    }
    for (const id of [...this.tracked.keys()]) if (!present.has(id)) this.tracked.delete(id);
  }

  /** The silence settings of one station: a station added at run time gets its grace from when it was added. */
  private settingsOf(tracked: Tracked): SilenceSettings {
    return tracked.addedAt !== undefined && tracked.addedAt > this.silence.startedAt
      ? { ...this.silence, startedAt: tracked.addedAt }
      : this.silence;
  }

  /**
   * Restores the newest reading of every station (before the broker connects: `onModuleInit` of every module ends
   * before any `onApplicationBootstrap`) — or, when InfluxDB does not answer at start-up, once it does; what arrived
   * meanwhile is newer and is kept.
   */
  async onModuleInit(): Promise<void> {
    // The grace of stations never heard from counts from here (storage started), as it did before.
    this.silence = { ...this.silence, startedAt: Date.now() };
    await this.startup.restore('newest readings', () => this.restoreNewest());
  }

  private async restoreNewest(): Promise<void> {
    for (const kind of STATION_KINDS) {
      try {
        const latest = await this.storage.newestByStation(kind);
        for (const [stationId, { time, values }] of latest) {
          const tracked = this.tracked.get(stationId);
          if (!tracked) continue;
          if (tracked.lastReadingTime === undefined || time > tracked.lastReadingTime) tracked.lastReadingTime = time;
          tracked.lastArrival ??= time;
          for (const [key, value] of Object.entries(values)) {
            const shown = tracked.latest[key];
            if (!shown || shown.at < time) tracked.latest[key] = { value, at: time, status: '00' };
          }
        }
      } catch (error) {
        this.logger.warn(
          `could not restore latest ${kind} values (retained replays may be stored again, harmlessly): ${(error as Error).message}`,
        );
      }
    }
    this.checkSilence(Date.now());
  }

  /** Newest reading time of a station (epoch ms): restored at start-up, then from every accepted reading. */
  newestReadingTime(stationId: string): number | undefined {
    return this.tracked.get(stationId)?.lastReadingTime;
  }

  /** An alert changed or was restored: counts the station's open (non-offline) alerts. */
  onAlert(alert: AlertDto): void {
    const tracked = this.tracked.get(alert.station);
    // A station's own offline alert is its `offline` state, not an exceedance.
    if (!tracked || alert.type === 'offline') return;
    if (alert.state !== 'resolved') tracked.activeAlerts.add(alert.id);
    else tracked.activeAlerts.delete(alert.id);
    this.refresh(alert.station, Date.now());
  }

  /** Records a reading's values (only if newer than what is shown). */
  onReading(reading: Reading, arrival: number): void {
    const tracked = this.tracked.get(reading.station);
    if (!tracked) return;
    tracked.lastArrival = arrival;
    tracked.announcedOffline = false;
    if (tracked.lastReadingTime === undefined || reading.time >= tracked.lastReadingTime) {
      tracked.lastReadingTime = reading.time;
    }
    const { time, values, status } = reading;
    for (const key in values) {
      const previous = tracked.latest[key];
      if (!previous || previous.at <= time) {
        tracked.latest[key] = { value: values[key] as number, at: time, status: status[key] as StatusCode };
      }
    }
    this.refresh(reading.station, arrival);
  }

  /** The station's retained `…/status` message (`online`, or its last will `offline`). */
  onAnnouncement(stationId: string, announced: 'online' | 'offline', now: number): void {
    const tracked = this.tracked.get(stationId);
    if (!tracked) return;
    tracked.announcedOffline = announced === 'offline';
    this.refresh(stationId, now);
  }

  /**
   * Re-evaluates silence for every station (scheduled): the one offline decision ({@link stationSilence}, see
   * `libs/alerting` deadman.ts for the rule), applied to each station's state. `deaf`: when the ingester could hear
   * no station (broker link down; the MQTT adapter's outages), not counted as silence — kept for the decisions
   * between two checks. @returns the verdicts, which the deadman alert rule reads.
   */
  checkSilence(now: number, deaf?: readonly DeafSpan[]): SilenceVerdict[] {
    if (deaf) this.silence = { ...this.silence, deaf };
    const verdicts: SilenceVerdict[] = [];
    for (const [stationId, tracked] of this.tracked) {
      if (tracked.retired) {
        // Never offline: an open offline alert of a station retired since resolves, no new one is raised.
        const allowedMs = this.silence.offlineAfterIntervals * tracked.expectedIntervalS * 1000;
        verdicts.push({ activity: tracked, silence: { offline: false, since: now, silentMs: 0, allowedMs } });
        continue;
      }
      const silence = stationSilence(tracked, now, this.settingsOf(tracked));
      this.refresh(stationId, now, silence.offline);
      verdicts.push({ activity: tracked, silence });
    }
    return verdicts;
  }

  dto(stationId: string, now: number): StationDto | undefined {
    const registered = this.registry.get(stationId);
    const tracked = this.tracked.get(stationId);
    if (!registered || !tracked) return undefined;
    const { station, cluster } = registered;
    return {
      id: station.id,
      clusterId: cluster.id,
      kind: station.kind,
      name: station.name,
      location: station.location,
      expectedIntervalS: station.expectedIntervalS,
      standard: station.standard,
      state: tracked.state,
      lastSeen:
        tracked.lastReadingTime === undefined ? null : new Date(tracked.lastReadingTime).toISOString(),
      latest: latestDtos(tracked.latest),
      activeAlerts: tracked.activeAlerts.size,
      limits: this.registry.rulesFor(station.id, now),
      ...(station.retired ? { retiredAt: station.retired.at } : {}),
    };
  }

  /** `offline` as decided by {@link isOffline}; else `no_data` until a first reading, then by its open alerts. */
  private stateOf(tracked: Tracked, offline: boolean): StationState {
    if (offline) return 'offline';
    if (tracked.lastArrival === undefined) return 'no_data';
    return tracked.activeAlerts.size > 0 ? 'exceeding' : 'normal';
  }

  private refresh(stationId: string, now: number, offline?: boolean): void {
    const tracked = this.tracked.get(stationId);
    if (!tracked) return;
    if (tracked.retired) return;
    const state = this.stateOf(tracked, offline ?? isOffline(tracked, now, this.settingsOf(tracked)));
    if (state === tracked.state) return;
    tracked.state = state;
    const lastSeen =
      tracked.lastReadingTime === undefined ? null : new Date(tracked.lastReadingTime).toISOString();
    this.bus.emit('station.state', { station: stationId, state, lastSeen });
  }
}

function latestDtos(latest: Readonly<Record<string, Latest>>): Record<string, LatestValueDto> {
  const dtos: Record<string, LatestValueDto> = {};
  for (const [key, { value, at, status }] of Object.entries(latest))
    dtos[key] = { value, time: new Date(at).toISOString(), status };
  return dtos;
}
