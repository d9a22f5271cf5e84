import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@langxanh/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the socket.io connection to the page's own origin (the dashboard server proxies `/socket.io` with
 * WebSocket upgrade to the ingester). socket.io-client reconnects by itself, forever, with back-off.
 */
export function connectLiveSocket(): LiveSocket {
  return io({
    path: SOCKET_PATH,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
}
