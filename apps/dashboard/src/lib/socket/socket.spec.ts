import { afterEach, describe, expect, it } from 'vitest';
import { connectLiveSocket, type LiveSocket } from './socket';

/** Issue 15 item 18: after a network cut the dashboard is back within about 3 s of the server, not 7–11 s. */
describe('connectLiveSocket', () => {
  let socket: LiveSocket | undefined;
  afterEach(() => {
    socket?.close();
  });

  it('retries with a short back-off: first after ≤ 0.5 s, never more than 2 s (+ half) apart', () => {
    socket = connectLiveSocket();
    expect(socket.io.reconnection()).toBe(true);
    expect(socket.io.reconnectionDelay()).toBeLessThanOrEqual(500);
    expect(socket.io.reconnectionDelayMax()).toBeLessThanOrEqual(2_000);
    // socket.io spreads each delay by ± randomizationFactor: the longest wait once the server is back
    expect(socket.io.reconnectionDelayMax() * (1 + socket.io.randomizationFactor())).toBeLessThanOrEqual(3_000);
  });
});
