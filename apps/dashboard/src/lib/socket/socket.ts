import { SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@langxanh/contracts';
import { io, type Socket } from 'socket.io-client';
import { sessionStore } from '../auth/session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Reconnection back-off of the live connection: the first retry after {@link RECONNECT_DELAY_MS}, doubling up to
 * {@link RECONNECT_DELAY_MAX_MS} (± half, socket.io's randomisation), so that after a network cut or an ingester
 * restart the dashboard is back within about 3 s of the server (socket.io's own default grows to 5 s, which with a
 * 10 s cap made the dashboard wait 7–11 s). A retry costs one small HTTP request, so a short cap is cheap.
 */
export const RECONNECT_DELAY_MS = 500;
export const RECONNECT_DELAY_MAX_MS = 2_000;

/**
 * Opens the socket.io connection to the page's own origin (the dashboard server proxies `/socket.io` with
 * WebSocket upgrade to the ingester). socket.io-client reconnects by itself, forever, with a short back-off; when
 * the browser reports the network back (`online`) it retries at once. The session's token goes in the handshake
 * (`auth: { token }`). After every reconnection the live provider loads a fresh snapshot and the views refetch.
 */
export function connectLiveSocket(): LiveSocket {
  const socket: LiveSocket = io({
    path: SOCKET_PATH,
    // Read on every (re)connection: the handshake carries the current token (anonymous: none).
    auth: (send) => {
      const token = sessionStore.token();
      send(token ? { token } : {});
    },
    reconnectionDelay: RECONNECT_DELAY_MS,
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
  });
  if (typeof window !== 'undefined') {
    // The network is back: do not wait for the back-off timer (a socket still connected is left alone).
    window.addEventListener('online', () => {
      if (!socket.connected && socket.active) socket.disconnect().connect();
    });
  }
  return socket;
}
