import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { ClientToServerEvents, ServerToClientEvents, SessionDto } from '@langxanh/contracts';
import { io, type Socket } from 'socket.io-client';

/** Repository root (the e2e tests run the built apps from here). */
export const ROOT = join(__dirname, '../../..');

/** A fresh folder for one test file's data and logs (kept after the run for inspection under tmp/). */
export function tempDataDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `langxanh-e2e-${name}-`));
}

/** Debian's Chromium, headless, with no background network traffic (this machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** GET a JSON answer, with `Authorization: Bearer <token>` when a session token is given. */
export async function getJson<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return (await response.json()) as T;
}

/** Signs in through `POST /api/auth/login` on `origin` (the ingester, or the dashboard's proxy). */
export async function login(origin: string, credentials: { username: string; password: string }): Promise<SessionDto> {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credentials.username, password: credentials.password }),
  });
  if (!response.ok) throw new Error(`login → ${response.status}`);
  return (await response.json()) as SessionDto;
}

/** socket.io client on the dashboard's origin (through its proxy), websocket transport; signed in with `token`. */
export function liveClient(origin: string, token?: string): Socket<ServerToClientEvents, ClientToServerEvents> {
  return io(origin, { path: '/socket.io', transports: ['websocket'], ...(token ? { auth: { token } } : {}) });
}

/** Counts points of one field of one station in InfluxDB 1.x (`SELECT count(...)`). */
export async function influxCount(influxUrl: string, db: string, measurement: string, field: string, station: string) {
  const q = `SELECT count("${field}") FROM "${measurement}" WHERE "station"='${station}'`;
  const body = await getJson<{ results: { series?: { values: [string, number][] }[] }[] }>(
    `${influxUrl}/query?db=${db}&q=${encodeURIComponent(q)}`,
  );
  return body.results[0].series?.[0].values[0][1] ?? 0;
}
