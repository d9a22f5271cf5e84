import { describe, expect, it } from 'vitest';
import { alert, cluster, reading, station } from '../../testing/fixtures';
import {
  initialLiveState,
  liveReducer,
  RECENT_READINGS_LIMIT,
  selectActiveAlertCount,
  sortAlerts,
  type LiveAction,
  type LiveState,
  type Snapshot,
} from './live-state';

const snapshot = (overrides: Partial<Snapshot> = {}): Snapshot => ({
  clusters: [cluster()],
  stations: [station()],
  alerts: [],
  ...overrides,
});

const run = (state: LiveState, ...actions: LiveAction[]): LiveState => actions.reduce(liveReducer, state);
const ready = (overrides: Partial<Snapshot> = {}): LiveState =>
  run(initialLiveState, { type: 'snapshot', snapshot: snapshot(overrides) });

describe('snapshot', () => {
  it('makes the state ready with clusters, stations and alerts', () => {
    const state = ready({ alerts: [alert()] });
    expect(state.status).toBe('ready');
    expect(state.clusters).toHaveLength(1);
    expect(state.stations['pk-ww-01']?.name).toBe('Cửa xả trạm XLNT CCN Phong Khê');
    expect(selectActiveAlertCount(state)).toBe(1);
  });

  it('reports an error only while no snapshot was ever loaded', () => {
    const failed = liveReducer(initialLiveState, { type: 'sync-failed', error: 'HTTP 502' });
    expect(failed.status).toBe('error');
    const stillReady = run(ready(), { type: 'sync-started' }, { type: 'sync-failed', error: 'HTTP 502' });
    expect(stillReady.status).toBe('ready');
    expect(stillReady.syncing).toBe(false);
  });

  it('replays events that arrived before the snapshot', () => {
    const state = run(
      initialLiveState,
      { type: 'reading', event: reading({ values: { COD: 150.5 } }) },
      { type: 'alert', event: { change: 'raised', alert: alert() } },
      { type: 'snapshot', snapshot: snapshot() },
    );
    expect(state.pending).toHaveLength(0);
    expect(state.stations['pk-ww-01']?.latest['COD']?.value).toBe(150.5);
    expect(selectActiveAlertCount(state)).toBe(1);
  });

  it('replays events received while a new snapshot is in flight', () => {
    const state = run(
      ready(),
      { type: 'sync-started' },
      { type: 'reading', event: reading({ time: '2026-11-29T07:05:00.000Z', values: { COD: 99 } }) },
      // the snapshot was taken before that reading
      { type: 'snapshot', snapshot: snapshot() },
    );
    expect(state.stations['pk-ww-01']?.latest['COD']?.value).toBe(99);
    expect(state.syncing).toBe(false);
  });

  it('keeps known resolved alerts and drops active ones the new snapshot no longer lists', () => {
    const resolved = alert({ id: 'old', state: 'resolved', resolvedAt: '2026-11-29T06:00:00.000Z' });
    const state = run(
      ready({ alerts: [alert()] }),
      { type: 'alerts-loaded', alerts: [resolved] },
      { type: 'snapshot', snapshot: snapshot({ alerts: [] }) },
    );
    expect(Object.keys(state.alerts)).toEqual(['old']);
    expect(selectActiveAlertCount(state)).toBe(0);
  });
});

describe('reading events', () => {
  it('updates the latest values and the last-seen time', () => {
    const state = liveReducer(ready(), { type: 'reading', event: reading({ values: { COD: 150.5, TSS: 40 } }) });
    const s = state.stations['pk-ww-01'];
    expect(s?.latest['COD']).toEqual({ value: 150.5, time: '2026-11-29T07:01:00.000Z', status: '00' });
    expect(s?.latest['TSS']?.value).toBe(40);
    expect(s?.latest['pH']?.value).toBe(7.1); // untouched
    expect(s?.lastSeen).toBe('2026-11-29T07:01:00.000Z');
  });

  it('does not let an older reading replace a newer value', () => {
    const state = liveReducer(ready(), {
      type: 'reading',
      event: reading({ time: '2026-11-29T06:00:00.000Z', values: { COD: 1 } }),
    });
    expect(state.stations['pk-ww-01']?.latest['COD']?.value).toBe(85.24);
    expect(state.stations['pk-ww-01']?.lastSeen).toBe('2026-11-29T07:00:00.000Z');
  });

  it('keeps the datalogger status per parameter', () => {
    const state = liveReducer(ready(), { type: 'reading', event: reading({ status: { COD: '01' } }) });
    expect(state.stations['pk-ww-01']?.latest['COD']?.status).toBe('01');
  });

  it('brings an offline or silent station back to normal', () => {
    const offline = ready({ stations: [station({ state: 'offline' })] });
    expect(liveReducer(offline, { type: 'reading', event: reading() }).stations['pk-ww-01']?.state).toBe('normal');
    const silent = ready({ stations: [station({ state: 'no_data', lastSeen: null, latest: {} })] });
    expect(liveReducer(silent, { type: 'reading', event: reading() }).stations['pk-ww-01']?.state).toBe('normal');
  });

  it('ignores a reading of an unknown station', () => {
    const state = ready();
    expect(liveReducer(state, { type: 'reading', event: reading({ station: 'nowhere' }) })).toBe(state);
  });

  it('keeps the recent readings in time order, without duplicates, up to the limit', () => {
    let state = ready();
    const base = Date.parse('2026-11-29T07:01:00.000Z');
    for (let i = 0; i < RECENT_READINGS_LIMIT + 5; i += 1) {
      state = liveReducer(state, { type: 'reading', event: reading({ time: new Date(base + i * 1000).toISOString() }) });
    }
    const recent = state.recent['pk-ww-01'] ?? [];
    expect(recent).toHaveLength(RECENT_READINGS_LIMIT);
    const replay = liveReducer(state, { type: 'reading', event: recent[10] });
    expect(replay.recent['pk-ww-01']).toBe(recent);
  });
});

describe('alert events', () => {
  it('counts a raised alert and marks the station exceeding', () => {
    const state = liveReducer(ready(), { type: 'alert', event: { change: 'raised', alert: alert() } });
    expect(selectActiveAlertCount(state)).toBe(1);
    expect(state.stations['pk-ww-01']).toMatchObject({ state: 'exceeding', activeAlerts: 1 });
  });

  it('updates an alert in place', () => {
    const state = run(
      ready(),
      { type: 'alert', event: { change: 'raised', alert: alert() } },
      {
        type: 'alert',
        event: { change: 'updated', alert: alert({ peakValue: 180, lastValue: 170, lastValueAt: '2026-11-29T07:02:00.000Z' }) },
      },
    );
    expect(selectActiveAlertCount(state)).toBe(1);
    expect(Object.values(state.alerts)[0]?.peakValue).toBe(180);
  });

  it('uncounts a resolved alert and brings the station back to normal', () => {
    const resolved = alert({ state: 'resolved', resolvedAt: '2026-11-29T07:10:00.000Z', lastValueAt: '2026-11-29T07:10:00.000Z' });
    const state = run(
      ready(),
      { type: 'alert', event: { change: 'raised', alert: alert() } },
      { type: 'alert', event: { change: 'resolved', alert: resolved } },
    );
    expect(selectActiveAlertCount(state)).toBe(0);
    expect(state.stations['pk-ww-01']).toMatchObject({ state: 'normal', activeAlerts: 0 });
    expect(state.alerts[resolved.id]?.state).toBe('resolved');
  });

  it('does not reopen a resolved alert on a late update', () => {
    const resolved = alert({ state: 'resolved', resolvedAt: '2026-11-29T07:10:00.000Z' });
    const state = run(
      ready(),
      { type: 'alert', event: { change: 'resolved', alert: resolved } },
      { type: 'alert', event: { change: 'updated', alert: alert() } },
    );
    expect(selectActiveAlertCount(state)).toBe(0);
  });

  it('leaves an offline station offline when an alert is raised', () => {
    const state = liveReducer(ready({ stations: [station({ state: 'offline' })] }), {
      type: 'alert',
      event: { change: 'raised', alert: alert() },
    });
    expect(state.stations['pk-ww-01']).toMatchObject({ state: 'offline', activeAlerts: 1 });
  });

  it('counts alerts of several stations', () => {
    const state = run(
      ready({ stations: [station(), station({ id: 'pk-air-01', kind: 'air' })] }),
      { type: 'alert', event: { change: 'raised', alert: alert({ id: 'a' }) } },
      { type: 'alert', event: { change: 'raised', alert: alert({ id: 'b', station: 'pk-air-01', parameter: 'PM2.5' }) } },
      { type: 'alert', event: { change: 'raised', alert: alert({ id: 'c', parameter: 'TSS' }) } },
    );
    expect(selectActiveAlertCount(state)).toBe(3);
    expect(state.stations['pk-ww-01']?.activeAlerts).toBe(2);
    expect(state.stations['pk-air-01']?.activeAlerts).toBe(1);
  });
});

describe('station-state events', () => {
  it('sets the state and last-seen time', () => {
    const state = liveReducer(ready(), {
      type: 'station-state',
      event: { station: 'pk-ww-01', state: 'offline', lastSeen: '2026-11-29T07:00:00.000Z' },
    });
    expect(state.stations['pk-ww-01']?.state).toBe('offline');
  });

  it('never moves last-seen backwards', () => {
    const state = liveReducer(ready(), {
      type: 'station-state',
      event: { station: 'pk-ww-01', state: 'normal', lastSeen: null },
    });
    expect(state.stations['pk-ww-01']?.lastSeen).toBe('2026-11-29T07:00:00.000Z');
  });
});

describe('connection', () => {
  it('tracks the connection status', () => {
    expect(liveReducer(initialLiveState, { type: 'connection', status: 'connected' }).connection).toBe('connected');
  });
});

describe('sortAlerts', () => {
  it('lists active alerts first, then resolved ones, newest first', () => {
    const list = sortAlerts([
      alert({ id: 'r-old', state: 'resolved', raisedAt: '2026-11-28T01:00:00Z' }),
      alert({ id: 'a-old', raisedAt: '2026-11-28T02:00:00Z' }),
      alert({ id: 'r-new', state: 'resolved', raisedAt: '2026-11-29T01:00:00Z' }),
      alert({ id: 'a-new', raisedAt: '2026-11-29T02:00:00Z' }),
    ]);
    expect(list.map((a) => a.id)).toEqual(['a-new', 'a-old', 'r-new', 'r-old']);
  });
});

describe('acknowledgement and comments', () => {
  it('keeps an acknowledged alert open (station still exceeding) but out of the unacknowledged counter', () => {
    const acknowledged = alert({ state: 'acknowledged', acknowledgedBy: 'sotnmt', acknowledgedAt: '2026-11-29T07:02:00.000Z' });
    const state = run(
      ready(),
      { type: 'alert', event: { change: 'raised', alert: alert() } },
      { type: 'alert', event: { change: 'acknowledged', alert: acknowledged } },
    );
    expect(selectActiveAlertCount(state)).toBe(0);
    expect(state.alerts[acknowledged.id]?.state).toBe('acknowledged');
    expect(state.stations['pk-ww-01']).toMatchObject({ state: 'exceeding', activeAlerts: 1 });
  });

  it('applies a comment added to a known alert, and ignores the same event twice', () => {
    const commented = alert({ comments: [{ by: 'sotnmt', at: '2026-11-29T07:03:00.000Z', text: 'Đã gọi cơ sở' }] });
    const once = run(
      ready({ alerts: [alert()] }),
      { type: 'alert', event: { change: 'commented', alert: commented } },
    );
    expect(Object.values(once.alerts)[0]?.comments).toHaveLength(1);
    expect(liveReducer(once, { type: 'alert', event: { change: 'commented', alert: commented } })).toBe(once);
  });

  it('never reopens a resolved alert on a late acknowledgement', () => {
    const resolved = alert({ state: 'resolved', resolvedAt: '2026-11-29T07:10:00.000Z' });
    const state = run(
      ready(),
      { type: 'alert', event: { change: 'resolved', alert: resolved } },
      { type: 'alert', event: { change: 'acknowledged', alert: alert({ state: 'acknowledged' }) } },
    );
    expect(state.alerts[resolved.id]?.state).toBe('resolved');
  });
});

describe('reconnection backfill', () => {
  it('counts snapshots, so that views fetch their history again after a reconnection', () => {
    const first = ready();
    expect(first.snapshots).toBe(1);
    expect(run(first, { type: 'sync-started' }, { type: 'snapshot', snapshot: snapshot() }).snapshots).toBe(2);
  });

  it('merges the snapshot taken after a disconnection with replayed events, without duplicates', () => {
    const before = reading({ time: '2026-11-29T07:01:00.000Z', values: { COD: 100 } });
    const missed = reading({ time: '2026-11-29T07:05:00.000Z', values: { COD: 120 } });
    const after = reading({ time: '2026-11-29T07:06:00.000Z', values: { COD: 125 } });
    const raised = alert({ raisedAt: '2026-11-29T07:04:00.000Z', lastValueAt: '2026-11-29T07:04:00.000Z' });
    const state = run(
      ready(),
      { type: 'reading', event: before },
      { type: 'connection', status: 'reconnecting' },
      { type: 'connection', status: 'connected' },
      { type: 'sync-started' },
      // events arrive while the snapshot is in flight; one of them is sent again after it
      { type: 'reading', event: after },
      { type: 'alert', event: { change: 'raised', alert: raised } },
      {
        type: 'snapshot',
        snapshot: snapshot({
          stations: [station({ lastSeen: missed.time, latest: { COD: { value: 120, time: missed.time, status: '00' } } })],
          alerts: [raised],
        }),
      },
      { type: 'reading', event: after },
      { type: 'alert', event: { change: 'raised', alert: raised } },
    );
    expect(state.stations['pk-ww-01']?.latest['COD']?.value).toBe(125);
    expect(state.recent['pk-ww-01']?.map((r) => r.time)).toEqual([before.time, after.time]);
    expect(Object.keys(state.alerts)).toEqual([raised.id]);
    expect(selectActiveAlertCount(state)).toBe(1);
  });
});

describe('sortAlerts with acknowledgement and severity', () => {
  it('lists active, then acknowledged, then resolved; critical before warning among open ones', () => {
    const list = sortAlerts([
      alert({ id: 'ack', state: 'acknowledged', raisedAt: '2026-11-29T03:00:00Z' }),
      alert({ id: 'warn', severity: 'warning', raisedAt: '2026-11-29T04:00:00Z' }),
      alert({ id: 'res', state: 'resolved', raisedAt: '2026-11-29T05:00:00Z' }),
      alert({ id: 'crit', severity: 'critical', raisedAt: '2026-11-29T01:00:00Z' }),
    ]);
    expect(list.map((a) => a.id)).toEqual(['crit', 'warn', 'ack', 'res']);
  });
});
