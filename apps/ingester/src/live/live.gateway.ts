import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { ConfigService } from '@nestjs/config';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  SOCKET_PATH,
  type AlertEventDto,
  type ClientToServerEvents,
  type Reading,
  type ReadingEventDto,
  type ServerToClientEvents,
  type StationStateEventDto,
} from '@langxanh/contracts';
import { ANONYMOUS, type Principal } from '../auth/access';
import { AuthService } from '../auth/auth.service';
import { ClusterService } from '../cluster/cluster.service';
import { corsOrigins } from '../common/cors';
import type { RegistryChangedEvent } from '../common/domain-events';
import type { Env } from '../config/env';
import { RegistryService } from '../registry/registry.service';

/** Room of one cluster's events (`cluster:<id>`); managers join theirs, department and admin join every one. */
export const clusterRoom = (clusterId: string) => `cluster:${clusterId}`;
/** Room of public air-quality events (air stations' `reading` and `station-state`); every connection joins it. */
export const PUBLIC_AIR_ROOM = 'public:air';

/** What a connection carries after the handshake. */
interface SocketData {
  principal: Principal;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const toEvent = (reading: Reading): ReadingEventDto => ({
  cluster: reading.cluster,
  kind: reading.kind,
  station: reading.station,
  time: new Date(reading.time).toISOString(),
  values: reading.values,
  status: reading.status,
});

/**
 * socket.io gateway: forwards `reading` (throttled per station: the first at once, then at most one per
 * `LIVE_THROTTLE_MS`, always the newest), `alert` and `station-state` events to the rooms allowed to see them.
 *
 * Access: the handshake may carry `auth: { token }` (session JWT or API token with the `read` scope); an invalid
 * token refuses the connection (`connect_error` "unauthorized"), none connects as anonymous. Every connection
 * joins {@link PUBLIC_AIR_ROOM}; a manager joins `cluster:<id>` of each of its clusters, department and admin
 * every cluster's room. Air readings and air station states go to the public room and the cluster's room;
 * wastewater and waste ones, and every alert, to the cluster's room only. A socket is disconnected when its session
 * expires, when its user is changed (role, clusters, password, disabled) or removed, or when its API token is revoked;
 * the client reconnects with a new session and joins the rooms of its new scope.
 */
@WebSocketGateway({ path: SOCKET_PATH, cors: { origin: corsOrigins() }, serveClient: false })
export class LiveGateway implements OnGatewayInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  /** Set by Nest when the gateway is connected (before any listener is called in the application). */
  @WebSocketServer() private server?: LiveServer;
  private readonly throttleMs: number;
  private readonly pending = new Map<string, Reading>();
  private readonly cooling = new Map<string, NodeJS.Timeout>();

  /** socket.io's Redis adapter connections (several nodes only). */
  private redis: Redis[] = [];

  constructor(
    private readonly auth: AuthService,
    private readonly registry: RegistryService,
    config: ConfigService<Env, true>,
    private readonly cluster: ClusterService,
  ) {
    this.throttleMs = config.get('LIVE_THROTTLE_MS', { infer: true });
  }

  afterInit(server: LiveServer): void {
    if (this.cluster.enabled) {
      // Several nodes: an `alert` (announced by one node only) reaches the clients of every node through Redis
      // pub/sub (@socket.io/redis-adapter); `reading` and `station-state` every node computes itself, so they are
      // sent to its own clients only (`local`), never twice.
      const pub = this.cluster.connection('socket.io-pub');
      const sub = pub.duplicate();
      sub.on('error', (error: Error) => this.logger.warn(`Redis (socket.io-sub): ${error.message}`));
      this.redis = [pub, sub];
      server.adapter(createAdapter(pub, sub, { key: 'langxanh:socket.io' }));
    }
    server.use((socket: LiveSocket, next) => {
      this.authenticate(socket).then(
        () => next(),
        () => next(new Error('unauthorized')),
      );
    });
    server.on('connection', (socket: LiveSocket) => this.join(socket));
    this.auth.onRevoked(({ username, tokenId }) => {
      for (const socket of server.sockets.sockets.values()) {
        const p = socket.data.principal;
        if (p.kind === 'anonymous') continue;
        if ((p.kind === 'user' && p.user.username === username) || (p.kind === 'token' && p.tokenId === tokenId)) {
          socket.disconnect(true);
        }
      }
    });
    this.logger.log(`socket.io on ${SOCKET_PATH}, readings throttled to one per ${this.throttleMs} ms per station`);
  }

  /**
   * A registry version took effect (listener, app/event-wiring.ts): connected department and admin sockets join the
   * rooms of clusters it added, managers those of their own clusters among them. A station's events follow its
   * cluster by themselves ({@link roomsOf} reads the registry in force).
   */
  onRegistryChange(event: RegistryChangedEvent): void {
    const known = new Set(event.before.clusters.map((c) => c.id));
    const added = event.after.clusters.map((c) => c.id).filter((id) => !known.has(id));
    if (added.length === 0 || !this.server) return;
    for (const socket of this.server.sockets.sockets.values()) {
      const p = socket.data.principal;
      if (!p || p.kind === 'anonymous') continue;
      const joins = p.user.role === 'manager' ? added.filter((id) => p.user.clusters.includes(id)) : added;
      if (joins.length > 0) void socket.join(joins.map(clusterRoom));
    }
  }

  /** An alert changed: to its cluster's room. */
  onAlertChanged(event: AlertEventDto): void {
    this.server?.to(clusterRoom(event.alert.cluster)).emit('alert', event);
  }

  /** A station's overview state changed: to its station's rooms. */
  onStationState(event: StationStateEventDto): void {
    const rooms = this.roomsOf(event.station);
    if (rooms.length > 0) this.server?.local.to(rooms).emit('station-state', event);
  }

  onApplicationShutdown(): void {
    for (const timer of this.cooling.values()) clearTimeout(timer);
    this.cooling.clear();
    for (const connection of this.redis) connection.disconnect();
    this.redis = [];
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      socket.data.principal = ANONYMOUS;
      return;
    }
    if (typeof token !== 'string') throw new Error('unauthorized');
    const principal = await this.auth.fromToken(token);
    if (principal.kind === 'token' && !principal.scopes.includes('read')) throw new Error('unauthorized');
    socket.data.principal = principal;
  }

  private join(socket: LiveSocket): void {
    const principal = socket.data.principal;
    const rooms = [PUBLIC_AIR_ROOM];
    if (principal.kind !== 'anonymous') {
      const { role, clusters } = principal.user;
      const all = this.registry.registry.clusters.map((c) => c.id);
      rooms.push(...(role === 'manager' ? clusters.filter((c) => all.includes(c)) : all).map(clusterRoom));
    }
    void socket.join(rooms);
    if (principal.kind === 'user') {
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, principal.expiresAt - Date.now()));
      timer.unref();
      socket.on('disconnect', () => clearTimeout(timer));
    }
  }

  /** Rooms a station's readings and state go to: its cluster's, and the public one for air stations. */
  private roomsOf(stationId: string): string[] {
    const registered = this.registry.get(stationId);
    if (!registered) return [];
    const rooms = [clusterRoom(registered.cluster.id)];
    if (registered.station.kind === 'air') rooms.push(PUBLIC_AIR_ROOM);
    return rooms;
  }

  private emitReading(reading: Reading): void {
    const rooms = this.roomsOf(reading.station);
    if (rooms.length > 0) this.server?.local.to(rooms).emit('reading', toEvent(reading));
  }

  /** An accepted reading: to its station's rooms, at most one per LIVE_THROTTLE_MS per station (the newest). */
  onReading(reading: Reading): void {
    if (this.throttleMs === 0) {
      this.emitReading(reading);
      return;
    }
    if (this.cooling.has(reading.station)) {
      const queued = this.pending.get(reading.station);
      if (!queued || queued.time <= reading.time) this.pending.set(reading.station, reading);
      return;
    }
    this.emitReading(reading);
    this.startCooling(reading.station);
  }

  private startCooling(station: string): void {
    const timer = setTimeout(() => {
      this.cooling.delete(station);
      const queued = this.pending.get(station);
      if (queued) {
        this.pending.delete(station);
        this.emitReading(queued);
        this.startCooling(station);
      }
    }, this.throttleMs);
    timer.unref();
    this.cooling.set(station, timer);
  }
}
