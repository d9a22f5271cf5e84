/**
 * The dashboard's live picture of the province: clusters, stations (with latest values and state), alerts and the
 * most recent readings per station. A pure reducer folds the REST snapshot and the socket.io events into it.
 */
import type {
  AlertDto,
  AlertEventDto,
  ClusterDto,
  LatestValueDto,
  ReadingEventDto,
  StationDto,
  StationStateEventDto,
} from '@langxanh/contracts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

/** A socket.io event as an action. */
export type LiveEvent =
  | { readonly type: 'reading'; readonly event: ReadingEventDto }
  | { readonly type: 'alert'; readonly event: AlertEventDto }
  | { readonly type: 'station-state'; readonly event: StationStateEventDto };

export interface Snapshot {
  readonly clusters: readonly ClusterDto[];
  readonly stations: readonly StationDto[];
  /** The active alerts. */
  readonly alerts: readonly AlertDto[];
}

export type LiveAction =
  | LiveEvent
  /** A snapshot was requested: events received until it arrives are replayed on top of it. */
  | { readonly type: 'sync-started' }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'sync-failed'; readonly error: string }
  /** Alerts fetched on demand (e.g. the alerts page asks for resolved ones too). */
  | { readonly type: 'alerts-loaded'; readonly alerts: readonly AlertDto[] }
  | { readonly type: 'connection'; readonly status: ConnectionStatus };

export interface LiveState {
  /** `loading` until the first snapshot; `error` only while no snapshot was ever loaded. */
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  /** A snapshot request is in flight; live events are also queued in `pending` to be replayed on it. */
  readonly syncing: boolean;
  readonly pending: readonly LiveEvent[];
  readonly connection: ConnectionStatus;
  readonly clusters: readonly ClusterDto[];
  readonly stations: Readonly<Record<string, StationDto>>;
  readonly alerts: Readonly<Record<string, AlertDto>>;
  /** Readings received live, per station, oldest first, at most {@link RECENT_READINGS_LIMIT}. */
  readonly recent: Readonly<Record<string, readonly ReadingEventDto[]>>;
  /**
   * Number of snapshots applied. A new one follows every (re)connection: views that hold their own history (charts,
   * the full alert list) fetch it again when it changes, to backfill what was missed while disconnected.
   */
  readonly snapshots: number;
}

export const RECENT_READINGS_LIMIT = 1_000;
const PENDING_LIMIT = 5_000;

export const initialLiveState: LiveState = {
  status: 'loading',
  error: null,
  syncing: false,
  pending: [],
  connection: 'connecting',
  clusters: [],
  stations: {},
  alerts: {},
  recent: {},
  snapshots: 0,
};

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

/** When an alert last changed: used to drop an event older than what is already known. */
function alertVersion(alert: AlertDto): number {
  return Math.max(ms(alert.lastValueAt), ms(alert.raisedAt), ms(alert.resolvedAt));
}

/** An alert is open until resolved; an acknowledged alert is still open (the limit is still exceeded). */
export function isOpen(alert: AlertDto): boolean {
  return alert.state !== 'resolved';
}

function sameAlert(a: AlertDto, b: AlertDto): boolean {
  return (
    a.state === b.state &&
    a.acknowledgedAt === b.acknowledgedAt &&
    (a.comments?.length ?? 0) === (b.comments?.length ?? 0) &&
    a.lastValueAt === b.lastValueAt &&
    a.lastValue === b.lastValue &&
    a.peakValue === b.peakValue &&
    a.resolvedAt === b.resolvedAt
  );
}

function countActive(alerts: Readonly<Record<string, AlertDto>>, stationId: string): number {
  let count = 0;
  for (const alert of Object.values(alerts)) if (alert.station === stationId && isOpen(alert)) count += 1;
  return count;
}

/** Keeps `exceeding` in step with the number of active alerts; `offline` and `no_data` are the server's call. */
function withAlertCount(station: StationDto, activeAlerts: number): StationDto {
  let state = station.state;
  if (activeAlerts > 0 && state === 'normal') state = 'exceeding';
  if (activeAlerts === 0 && state === 'exceeding') state = 'normal';
  if (activeAlerts === station.activeAlerts && state === station.state) return station;
  return { ...station, activeAlerts, state };
}

function applyReading(state: LiveState, event: ReadingEventDto): LiveState {
  const station = state.stations[event.station];
  if (!station) return state;
  const time = ms(event.time);
  if (Number.isNaN(time)) return state;

  let latest: Record<string, LatestValueDto> | undefined;
  for (const [key, value] of Object.entries(event.values)) {
    const previous = station.latest[key];
    if (previous && ms(previous.time) > time) continue; // an older reading must not replace a newer value
    latest ??= { ...station.latest };
    latest[key] = { value, time: event.time, status: event.status[key] ?? '00' };
  }
  const isNewest = time > ms(station.lastSeen);
  let nextStation = station;
  if (latest || isNewest) {
    const reporting = isNewest && (station.state === 'offline' || station.state === 'no_data');
    nextStation = {
      ...station,
      latest: latest ?? station.latest,
      lastSeen: isNewest ? event.time : station.lastSeen,
      state: reporting ? (station.activeAlerts > 0 ? 'exceeding' : 'normal') : station.state,
    };
  }

  const recent = state.recent[event.station] ?? [];
  const last = recent[recent.length - 1];
  let nextRecent: ReadingEventDto[];
  if (!last || ms(last.time) < time) {
    nextRecent = [...recent, event];
  } else if (recent.some((r) => r.time === event.time)) {
    nextRecent = recent as ReadingEventDto[]; // already known (replayed event)
  } else {
    nextRecent = [...recent, event].sort((a, b) => ms(a.time) - ms(b.time));
  }
  if (nextRecent.length > RECENT_READINGS_LIMIT) nextRecent = nextRecent.slice(-RECENT_READINGS_LIMIT);

  if (nextStation === station && nextRecent === recent) return state;
  return {
    ...state,
    stations: nextStation === station ? state.stations : { ...state.stations, [station.id]: nextStation },
    recent: nextRecent === recent ? state.recent : { ...state.recent, [event.station]: nextRecent },
  };
}

function applyAlert(state: LiveState, { alert }: AlertEventDto): LiveState {
  const known = state.alerts[alert.id];
  if (known) {
    if (known.state === 'resolved' && alert.state !== 'resolved') return state; // resolved is final
    if (alertVersion(known) > alertVersion(alert)) return state;
    if (sameAlert(known, alert)) return state; // a replayed event
  }
  const alerts = { ...state.alerts, [alert.id]: alert };
  const station = state.stations[alert.station];
  if (!station) return { ...state, alerts };
  const updated = withAlertCount(station, countActive(alerts, station.id));
  return {
    ...state,
    alerts,
    stations: updated === station ? state.stations : { ...state.stations, [station.id]: updated },
  };
}

function applyStationState(state: LiveState, event: StationStateEventDto): LiveState {
  const station = state.stations[event.station];
  if (!station) return state;
  const lastSeen = ms(event.lastSeen) >= ms(station.lastSeen) ? event.lastSeen : station.lastSeen;
  if (station.state === event.state && station.lastSeen === lastSeen) return state;
  return { ...state, stations: { ...state.stations, [station.id]: { ...station, state: event.state, lastSeen } } };
}

function applyEvent(state: LiveState, event: LiveEvent): LiveState {
  switch (event.type) {
    case 'reading':
      return applyReading(state, event.event);
    case 'alert':
      return applyAlert(state, event.event);
    case 'station-state':
      return applyStationState(state, event.event);
  }
}

function applySnapshot(state: LiveState, snapshot: Snapshot): LiveState {
  // Resolved alerts already known stay (the snapshot lists open ones only); open ones come from the snapshot.
  const alerts: Record<string, AlertDto> = {};
  for (const alert of Object.values(state.alerts)) if (alert.state === 'resolved') alerts[alert.id] = alert;
  for (const alert of snapshot.alerts) alerts[alert.id] = alert;

  const stations: Record<string, StationDto> = {};
  for (const station of snapshot.stations) stations[station.id] = withAlertCount(station, countActive(alerts, station.id));

  let next: LiveState = {
    ...state,
    status: 'ready',
    error: null,
    syncing: false,
    pending: [],
    clusters: snapshot.clusters,
    stations,
    alerts,
    snapshots: state.snapshots + 1,
  };
  for (const event of state.pending) next = applyEvent(next, event);
  return next;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'reading':
    case 'alert':
    case 'station-state': {
      const applied = state.status === 'ready' ? applyEvent(state, action) : state;
      if (!state.syncing && state.status === 'ready') return applied;
      const pending = state.pending.length >= PENDING_LIMIT ? state.pending.slice(1) : state.pending;
      return { ...applied, pending: [...pending, action] };
    }
    case 'sync-started':
      return state.syncing ? state : { ...state, syncing: true };
    case 'snapshot':
      return applySnapshot(state, action.snapshot);
    case 'sync-failed':
      return {
        ...state,
        syncing: false,
        status: state.status === 'ready' ? 'ready' : 'error',
        error: action.error,
        pending: state.status === 'ready' ? [] : state.pending,
      };
    case 'alerts-loaded': {
      let next = state;
      for (const alert of action.alerts) next = applyAlert(next, { change: 'updated', alert });
      return next;
    }
    case 'connection':
      return state.connection === action.status ? state : { ...state, connection: action.status };
  }
}

// ---- selectors (return stable references or primitives, for useSyncExternalStore) ----

/** Alerts nobody has acknowledged yet (state `active`): the header's counter. */
export function selectActiveAlertCount(state: LiveState): number {
  let count = 0;
  for (const alert of Object.values(state.alerts)) if (alert.state === 'active') count += 1;
  return count;
}

export const selectSnapshots = (state: LiveState): number => state.snapshots;

const STATE_ORDER: Readonly<Record<AlertDto['state'], number>> = { active: 0, acknowledged: 1, resolved: 2 };
const SEVERITY_ORDER: Readonly<Record<AlertDto['severity'], number>> = { critical: 0, warning: 1 };

/** Open first (active, then acknowledged), then resolved; critical before warning among open ones; newest raised first. */
export function sortAlerts(alerts: readonly AlertDto[]): AlertDto[] {
  return [...alerts].sort((a, b) => {
    if (a.state !== b.state) return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    if (isOpen(a) && a.severity !== b.severity) return (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2);
    return ms(b.raisedAt) - ms(a.raisedAt);
  });
}
