import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type Reading,
  type ReadingEventDto,
  type ServerToClientEvents,
} from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import { corsOrigins } from '../common/cors';
import type { Env } from '../config/env';

const toEvent = (reading: Reading): ReadingEventDto => ({
  cluster: reading.cluster,
  kind: reading.kind,
  station: reading.station,
  time: new Date(reading.time).toISOString(),
  values: reading.values,
  status: reading.status,
});

/**
 * socket.io gateway: broadcasts `reading` (throttled per station: the first at once, then at most one per
 * `LIVE_THROTTLE_MS`, always the newest), `alert` and `station-state` events. It only forwards domain events.
 */
@WebSocketGateway({ path: SOCKET_PATH, cors: { origin: corsOrigins() }, serveClient: false })
export class LiveGateway implements OnGatewayInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private server!: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly throttleMs: number;
  private readonly pending = new Map<string, Reading>();
  private readonly cooling = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly bus: DomainEventBus,
    config: ConfigService<Env, true>,
  ) {
    this.throttleMs = config.get('LIVE_THROTTLE_MS', { infer: true });
  }

  afterInit(): void {
    this.bus.on('reading.accepted', (reading) => this.onReading(reading));
    this.bus.on('alert.changed', (transition) => this.server.emit('alert', transition));
    this.bus.on('station.state', (event) => this.server.emit('station-state', event));
    this.logger.log(`socket.io on ${SOCKET_PATH}, readings throttled to one per ${this.throttleMs} ms per station`);
  }

  onApplicationShutdown(): void {
    for (const timer of this.cooling.values()) clearTimeout(timer);
    this.cooling.clear();
  }

  private onReading(reading: Reading): void {
    if (this.throttleMs === 0) {
      this.server.emit('reading', toEvent(reading));
      return;
    }
    if (this.cooling.has(reading.station)) {
      const queued = this.pending.get(reading.station);
      if (!queued || queued.time <= reading.time) this.pending.set(reading.station, reading);
      return;
    }
    this.server.emit('reading', toEvent(reading));
    this.startCooling(reading.station);
  }

  private startCooling(station: string): void {
    const timer = setTimeout(() => {
      this.cooling.delete(station);
      const queued = this.pending.get(station);
      if (queued) {
        this.pending.delete(station);
        this.server.emit('reading', toEvent(queued));
        this.startCooling(station);
      }
    }, this.throttleMs);
    timer.unref();
    this.cooling.set(station, timer);
  }
}
