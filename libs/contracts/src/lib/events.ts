import type { AlertDto, StationState } from './api';
import type { StatusCode } from './reading';
import type { StationKind } from './station-kind';

/** `reading` event: an accepted reading (at most one per station per throttle window, the newest). */
export interface ReadingEventDto {
  readonly cluster: string;
  readonly kind: StationKind;
  readonly station: string;
  /** ISO 8601 UTC. */
  readonly time: string;
  readonly values: Readonly<Record<string, number>>;
  readonly status: Readonly<Record<string, StatusCode>>;
}

/** `alert` event: an alert was raised, updated or resolved. */
export interface AlertEventDto {
  readonly change: 'raised' | 'updated' | 'acknowledged' | 'commented' | 'resolved';
  readonly alert: AlertDto;
}

/** `station-state` event: a station's overview state changed. */
export interface StationStateEventDto {
  readonly station: string;
  readonly state: StationState;
  readonly lastSeen: string | null;
}

/** socket.io events the server emits (typed for `Server<…>` and `Socket<…>` of socket.io-client). */
export interface ServerToClientEvents {
  reading: (event: ReadingEventDto) => void;
  alert: (event: AlertEventDto) => void;
  'station-state': (event: StationStateEventDto) => void;
}

/** socket.io events a client may emit: none yet, all clients receive every public event. */
export type ClientToServerEvents = Record<string, never>;

/** Path of the socket.io endpoint (same origin as the REST API). */
export const SOCKET_PATH = '/socket.io';
