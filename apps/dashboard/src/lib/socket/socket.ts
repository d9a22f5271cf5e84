import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@langxanh/contracts';
import { io, type Socket } from 'socket.io-client';
import { sessionStore } from '../auth/session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the socket.io connection to the page's own origin (the dashboard server proxies `/socket.io` with
 * WebSocket upgrade to the ingester). socket.io-client reconnects by itself, forever, with back-off. The session's
 * token goes in the handshake (`auth: { token }`).
 */
export function connectLiveSocket(): LiveSocket {
  return io({
    path: SOCKET_PATH,
    // Read on every (re)connection: the handshake carries the current token (anonymous: none).
    auth: (send) => {
      const token = sessionStore.token();
      send(token ? { token } : {});
    },
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
}
