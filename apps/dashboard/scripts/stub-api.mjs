// A stand-in for the ingester's REST API and socket.io, for looking at the dashboard without the real back end.
// Serves fixtures built from deploy/registry/bac-ninh.json and pushes a `reading` every second.
//
//   STUB_PORT=3999 node apps/dashboard/scripts/stub-api.mjs
//   INGESTER_URL=http://127.0.0.1:3999 npx nx run dashboard:preview
//
// Development aid only: the values are invented (deterministic), not measurements.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

const here = dirname(fileURLToPath(import.meta.url));
const registry = JSON.parse(readFileSync(resolve(here, '../../../deploy/registry/bac-ninh.json'), 'utf8'));
const port = Number(process.env.STUB_PORT ?? 3999);
const host = process.env.STUB_HOST ?? '127.0.0.1';
const now = () => Date.now();

// Parameters with a typical value and an amplitude, per kind.
const PARAMS = {
  wastewater: { Flow: [120, 40, 'm³/h'], Temp: [27, 2, '°C'], pH: [7.2, 0.6, ''], TSS: [60, 25, 'mg/L'], COD: [110, 40, 'mg/L'], NH4: [6, 3, 'mg/L'], Color: [90, 40, 'Pt-Co'] },
  air: { 'PM2.5': [38, 18, 'µg/m³'], PM10: [70, 30, 'µg/m³'], SO2: [40, 20, 'µg/m³'], NO2: [45, 20, 'µg/m³'], CO: [3000, 1500, 'µg/m³'], Temp: [24, 4, '°C'], RH: [75, 10, '%'], Noise: [62, 8, 'dBA'] },
  waste: { fill: [55, 30, '%'], temp: [30, 5, '°C'], battery: [70, 20, '%'], tilt: [2, 2, '°'] },
};

const QCVN40 = (kq, kf) => ({ document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B', effectiveFrom: '2012-03-15', note: `Kq = ${kq}; Kf = ${kf}` });
const QCVN05 = { document: 'QCVN 05:2023/BTNMT', clause: 'Bảng 1', effectiveFrom: '2024-07-01' };
const rule = (id, parameter, comparison, bounds, unit, averagingPeriod, source) => ({
  id, parameter, comparison, ...bounds, unit, averagingPeriod, deadband: 0.05, source,
});

function limitsFor(station) {
  if (station.kind === 'wastewater') {
    const { kq = 1, kf = 1 } = station.standard;
    const k = kq * kf;
    const src = QCVN40(kq, kf);
    return [
      rule('qcvn40-2011-B/pH', 'pH', 'outside', { min: 5.5, max: 9 }, '', 'instant', src),
      rule('qcvn40-2011-B/TSS', 'TSS', 'above', { max: 100 * k }, 'mg/L', 'instant', src),
      rule('qcvn40-2011-B/COD', 'COD', 'above', { max: 150 * k }, 'mg/L', 'instant', src),
      rule('qcvn40-2011-B/NH4', 'NH4', 'above', { max: 10 * k }, 'mg/L', 'instant', src),
      rule('qcvn40-2011-B/Color', 'Color', 'above', { max: 150 }, 'Pt-Co', 'instant', src),
    ];
  }
  if (station.kind === 'air') {
    return [
      rule('qcvn05-2023/PM2.5-24h', 'PM2.5', 'above', { max: 50 }, 'µg/m³', '24h', QCVN05),
      rule('qcvn05-2023/PM10-24h', 'PM10', 'above', { max: 100 }, 'µg/m³', '24h', QCVN05),
      rule('qcvn05-2023/SO2-1h', 'SO2', 'above', { max: 350 }, 'µg/m³', '1h', QCVN05),
      rule('qcvn05-2023/NO2-1h', 'NO2', 'above', { max: 200 }, 'µg/m³', '1h', QCVN05),
    ];
  }
  const own = { document: 'Cài đặt điểm thu gom', clause: 'ngưỡng đầy', effectiveFrom: '2025-01-01' };
  return [
    rule('bin/fill', 'fill', 'atOrAbove', { max: station.standard.fullThresholdPct ?? 80 }, '%', 'instant', own),
    rule('bin/battery', 'battery', 'below', { min: 20 }, '%', 'instant', own),
  ];
}

// Deterministic pseudo-noise.
const hash = (s) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
function valueAt(stationId, param, base, amp, t) {
  const phase = (hash(stationId + param) % 1000) / 1000;
  const wave = Math.sin((t / 3_600_000 / 6 + phase) * 2 * Math.PI);
  const jitter = Math.sin(t / 97_000 + phase * 17) * 0.15;
  return Math.max(0, base + amp * (wave + jitter));
}

const stations = [];
const clusters = registry.clusters.map((c) => {
  c.stations.forEach((s, index) => stations.push({ cluster: c, station: s, index }));
  return {
    id: c.id, name: c.name, craft: c.craft, commune: c.commune, location: c.location, manager: c.manager,
    stationIds: c.stations.map((s) => s.id),
  };
});

// Give the fixture some variety: one station never reported, one is offline, a few exceed.
const silentIndex = 4;
const offlineIndex = 9;
function stationDto({ cluster, station }, i) {
  const t = now();
  const silent = i === silentIndex;
  const offline = i === offlineIndex;
  const seen = offline ? t - 3 * 3_600_000 : t - 20_000;
  const latest = {};
  if (!silent) {
    for (const [param, [base, amp]] of Object.entries(PARAMS[station.kind])) {
      latest[param] = { value: valueAt(station.id, param, base, amp, seen), time: new Date(seen).toISOString(), status: i === 2 && param === 'PM10' ? '01' : '00' };
    }
  }
  const active = alerts.filter((a) => a.station === station.id && a.state === 'active').length;
  return {
    id: station.id, clusterId: cluster.id, kind: station.kind, name: station.name, location: station.location,
    expectedIntervalS: station.expectedIntervalS ?? 60, standard: station.standard,
    state: silent ? 'no_data' : offline ? 'offline' : active > 0 ? 'exceeding' : 'normal',
    lastSeen: silent ? null : new Date(seen).toISOString(), latest, activeAlerts: active, limits: limitsFor(station),
  };
}

function makeAlert(entry, ruleId, value, raisedAgoMs, resolvedAgoMs) {
  const limit = limitsFor(entry.station).find((r) => r.id === ruleId);
  const raised = now() - raisedAgoMs;
  return {
    id: `${entry.station.id}:${ruleId}:${raised}`, cluster: entry.cluster.id, station: entry.station.id, kind: entry.station.kind,
    parameter: limit.parameter, ruleId, state: resolvedAgoMs === undefined ? 'active' : 'resolved', severity: 'critical',
    comparison: limit.comparison, min: limit.min, max: limit.max, unit: limit.unit, averagingPeriod: limit.averagingPeriod,
    source: limit.source, triggerValue: value, peakValue: value * 1.12, lastValue: value * 1.05,
    raisedAt: new Date(raised).toISOString(), lastValueAt: new Date(now() - (resolvedAgoMs ?? 60_000)).toISOString(),
    ...(resolvedAgoMs === undefined ? {} : { resolvedAt: new Date(now() - resolvedAgoMs).toISOString() }),
  };
}

const alerts = [];
alerts.push(makeAlert(stations[0], 'qcvn40-2011-B/COD', 172.4, 40 * 60_000));
alerts.push(makeAlert(stations[1], 'qcvn05-2023/PM2.5-24h', 61.3, 5 * 3_600_000));
alerts.push(makeAlert(stations[7], 'qcvn05-2023/NO2-1h', 231, 26 * 3_600_000, 20 * 3_600_000));
alerts.push(makeAlert(stations[5], 'bin/fill', 86, 2 * 3_600_000, 30 * 60_000));

function readings(stationId, parameter, from, to, everyQ) {
  const entry = stations.find((s) => s.station.id === stationId);
  const spec = entry && PARAMS[entry.station.kind][parameter];
  if (!spec) return null;
  const span = to - from;
  const everyS = everyQ ? Number(everyQ) : Math.max(60, Math.ceil(span / 1000 / 500 / 60) * 60);
  const points = [];
  const start = Math.floor(from / (everyS * 1000)) * everyS * 1000;
  for (let t = start, n = 0; t < to; t += everyS * 1000, n += 1) {
    const inGap = n > 0.35 * (span / everyS / 1000) && n < 0.42 * (span / everyS / 1000);
    if (inGap) {
      points.push({ time: new Date(t).toISOString(), mean: null, min: null, max: null, count: 0 });
      continue;
    }
    const mean = valueAt(stationId, parameter, spec[0], spec[1], t);
    points.push({ time: new Date(t).toISOString(), mean, min: mean * 0.9, max: mean * 1.1, count: 5 });
  }
  return { station: stationId, parameter, unit: spec[2], from: new Date(from).toISOString(), to: new Date(to).toISOString(), everyS, points };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const path = url.pathname;
  if (path === '/api/health') {
    return send(res, 200, {
      status: 'ok', uptimeS: Math.round(process.uptime()), broker: { connected: true, url: 'mqtt://127.0.0.1:1883' },
      database: { reachable: true, api: 'v1', pendingPoints: 0 },
      counters: { messages: 0, readingsAccepted: 0, rejections: {}, pointsWritten: 0, writeFailures: 0 },
    });
  }
  if (path === '/api/clusters') return send(res, 200, clusters);
  if (path === '/api/stations') return send(res, 200, stations.map(stationDto));
  const one = /^\/api\/stations\/([^/]+)$/.exec(path);
  if (one) {
    const i = stations.findIndex((s) => s.station.id === decodeURIComponent(one[1]));
    return i < 0 ? send(res, 404, { code: 'unknown_station' }) : send(res, 200, stationDto(stations[i], i));
  }
  const history = /^\/api\/stations\/([^/]+)\/readings$/.exec(path);
  if (history) {
    const from = Date.parse(url.searchParams.get('from') ?? '');
    const to = Date.parse(url.searchParams.get('to') ?? '');
    const body = readings(decodeURIComponent(history[1]), url.searchParams.get('parameter') ?? '', from, to, url.searchParams.get('every'));
    return body ? send(res, 200, body) : send(res, 404, { code: 'unknown_parameter' });
  }
  if (path === '/api/alerts') {
    const state = url.searchParams.get('state') ?? 'active';
    return send(res, 200, state === 'all' ? alerts : alerts.filter((a) => a.state === 'active'));
  }
  return send(res, 404, { code: 'not_found' });
});

const io = new Server(server, { path: '/socket.io', serveClient: false });
let tick = 0;
const timer = setInterval(() => {
  tick += 1;
  const live = stations.filter((_, i) => i !== silentIndex && i !== offlineIndex);
  const entry = live[tick % live.length];
  const t = now();
  const values = {};
  const status = {};
  for (const [param, [base, amp]] of Object.entries(PARAMS[entry.station.kind])) {
    values[param] = valueAt(entry.station.id, param, base, amp, t);
    status[param] = '00';
  }
  io.emit('reading', { cluster: entry.cluster.id, kind: entry.station.kind, station: entry.station.id, time: new Date(t).toISOString(), values, status });
}, 1000);

server.listen(port, host, () => console.log(`stub API on http://${host}:${port}`));
const stop = () => {
  clearInterval(timer);
  io.close();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
