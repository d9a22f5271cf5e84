import type { AlertEventDto, ReadingEventDto, StationStateEventDto } from '@langxanh/contracts';
import type { LiveSocket } from '../socket/socket';
import type { LiveAction } from './live-state';

/**
 * Feeds a socket's events into the store and tracks the connection. `onConnect(first)` runs on every
 * (re)connection: after a reconnection the caller fetches a fresh snapshot, since events were missed meanwhile.
 * @returns a function that removes the listeners.
 */
export function bindLiveSocket(
  socket: LiveSocket,
  dispatch: (action: LiveAction) => void,
  onConnect: (first: boolean) => void,
): () => void {
  let connectedBefore = false;
  const onConnected = (): void => {
    dispatch({ type: 'connection', status: 'connected' });
    onConnect(!connectedBefore);
    connectedBefore = true;
  };
  const onLost = (): void => dispatch({ type: 'connection', status: connectedBefore ? 'reconnecting' : 'connecting' });
  const onReading = (event: ReadingEventDto): void => dispatch({ type: 'reading', event });
  const onAlert = (event: AlertEventDto): void => dispatch({ type: 'alert', event });
  const onStationState = (event: StationStateEventDto): void => dispatch({ type: 'station-state', event });

  socket.on('connect', onConnected);
  socket.on('disconnect', onLost);
  socket.on('connect_error', onLost);
  socket.io.on('reconnect_attempt', onLost);
  socket.on('reading', onReading);
  socket.on('alert', onAlert);
  socket.on('station-state', onStationState);

  return () => {
    socket.off('connect', onConnected);
    socket.off('disconnect', onLost);
    socket.off('connect_error', onLost);
    socket.io.off('reconnect_attempt', onLost);
    socket.off('reading', onReading);
    socket.off('alert', onAlert);
    socket.off('station-state', onStationState);
  };
}
