import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic } from '@langxanh/contracts';
import { DATA_FORMAT, FORMAT_FILE, NEWER_FORMAT_EXIT_CODE } from '@langxanh/data-format';
import { choosePort, eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { BUILT_INGESTER, ingesterEnv, startIngesterRig, type IngesterRig } from '@langxanh/stack';
import { runCli } from './cli';

const ROOT = join(__dirname, '../../..');
const BUILT_OPS = 'dist/apps/ops/apps/ops/src/main.js';
const CREDENTIALS = { username: 'backup-admin', password: 'backup-admin-password', jwtSecret: 'backup-secret-'.repeat(3) };
const DB = 'langxanh_backup';
const READINGS = 120;

/**
 * The backup/restore round trip on real services (issue 16 item 3): an install with readings, a user and an open
 * alert is backed up with `influxd backup -portable` + the files, the machine is "lost" (ingester and influxd
 * stopped, their folders removed), and a fresh influxd and state folder restored from the backup serve the same
 * readings, the same user and the same open alert. An older ingester refuses a newer data format (exit 78).
 */
describe('npm run backup / restore round trip', () => {
  let broker: RunningService;
  let work: string;
  let publisher: MqttClient | undefined;
  const rigs: IngesterRig[] = [];

  const count = async (influxUrl: string) => {
    const q = encodeURIComponent(`SELECT count("PM2.5") FROM "air" WHERE "station" = 'pk-air-01'`);
    const body = (await (await fetch(`${influxUrl}/query?db=${DB}&q=${q}`)).json()) as {
      results: { series?: { values: [string, number][] }[] }[];
    };
    return body.results[0].series?.[0].values[0][1] ?? 0;
  };
  const cli = async (args: string[], env: NodeJS.ProcessEnv) => {
    let err = '';
    let out = '';
    const code = await runCli(args, { env, err: (t) => (err += t), out: (t) => (out += t) });
    return { code, err, out: out.trim() };
  };
  const openAlerts = async (rig: IngesterRig) =>
    (await (await rig.fetch('/api/alerts?state=open&station=pk-bin-01')).json()) as { id: string; type: string; state: string }[];

  beforeAll(async () => {
    expect(existsSync(join(ROOT, BUILT_INGESTER))).toBe(true);
    expect(existsSync(join(ROOT, BUILT_OPS))).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'lx-backup-int-'));
    broker = await startMosquitto({ port: 0 });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    for (const rig of rigs) await rig.stop(5_000);
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  });

  it('brings a fresh machine back to the same readings, users and open alerts', async () => {
    // ── the machine that is backed up ──
    const rpcA = await choosePort(0, false);
    const influxA = await startInfluxd({ httpPort: 0, rpcPort: rpcA, dataDir: join(work, 'influx-a') });
    const stateA = join(work, 'state-a');
    const rigA = await startIngesterRig({
      root: ROOT, brokerUrl: broker.url, influxUrl: influxA.url, database: DB, clientId: 'ingester-backup-a',
      credentials: CREDENTIALS, bcryptCost: 4, logLevel: 'warn', readiness: 'ready', stateDir: stateA,
    });
    rigs.push(rigA);
    const created = await rigA.fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'quan-ly-pk', password: 'Phong-Khe-2026-manager', role: 'manager', clusters: ['phong-khe'] }),
    });
    expect(created.status).toBe(201);

    publisher = await mqtt.connectAsync(broker.url, { clientId: `backup-int-${process.pid}` });
    const t0 = Date.now() - READINGS * 60_000;
    for (let i = 0; i < READINGS; i++) {
      await publisher.publishAsync(readingTopic('phong-khe', 'air', 'pk-air-01'), JSON.stringify({ ts: t0 + i * 60_000, values: { 'PM2.5': 20 + (i % 7) } }), { qos: 1 });
    }
    // A bin at 75 °C: the fire rule (over 60 °C) opens an alert on one reading.
    await publisher.publishAsync(readingTopic('phong-khe', 'waste', 'pk-bin-01'), JSON.stringify({ ts: Date.now(), values: { fill: 30, temp: 75, battery: 90 } }), { qos: 1 });
    await eventually(async () => expect(await count(influxA.url)).toBe(READINGS), { timeoutMs: 30_000 });
    let before: { id: string; type: string; state: string }[] = [];
    await eventually(async () => {
      before = await openAlerts(rigA);
      expect(before.length).toBeGreaterThan(0);
    }, { timeoutMs: 30_000 });

    const envA = {
      INFLUX_URL: influxA.url, INFLUX_DATABASE: DB, INFLUX_BACKUP_ADDRESS: `127.0.0.1:${rpcA}`,
      AUTH_DATA_DIR: join(stateA, 'auth'), SPOOL_DIR: join(stateA, 'spool'), FORWARD_DIR: join(stateA, 'forward'),
      REGISTRY_FILE: join(ROOT, 'deploy/registry/bac-ninh.json'),
    };
    // Taken while the ingester runs, as a nightly timer would.
    const backup = await cli(['backup', '--out', join(work, 'backups')], envA);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.err).toContain('backup complete');

    // ── the machine is lost ──
    await rigA.stop(5_000);
    await influxA.stop();
    rmSync(stateA, { recursive: true, force: true });

    // ── a fresh machine ──
    const rpcB = await choosePort(0, false);
    const influxB = await startInfluxd({ httpPort: 0, rpcPort: rpcB });
    const stateB = join(work, 'state-b');
    const envB = {
      INFLUX_URL: influxB.url, INFLUX_DATABASE: DB, INFLUX_BACKUP_ADDRESS: `127.0.0.1:${rpcB}`,
      AUTH_DATA_DIR: join(stateB, 'auth'), SPOOL_DIR: join(stateB, 'spool'), FORWARD_DIR: join(stateB, 'forward'),
      REGISTRY_FILE: join(stateB, 'registry.json'),
    };
    // The built CLI as an unprivileged user who cannot write the target: refused before anything changes.
    const shared = join(work, 'shared-backup');
    execFileSync('cp', ['-a', backup.out, shared]);
    execFileSync('chmod', ['-R', 'a+rX', work]);
    const lockedDir = join(work, 'locked');
    mkdirSync(lockedDir, { mode: 0o755 });
    const asNobody = spawnSync(
      'runuser',
      ['-u', 'nobody', '--', process.execPath, join(ROOT, BUILT_OPS), 'restore', '--from', shared, '--skip-influx'],
      { env: { ...process.env, ...envB, SPOOL_DIR: join(lockedDir, 'spool'), AUTH_DATA_DIR: join(lockedDir, 'auth') }, encoding: 'utf8' },
    );
    expect(asNobody.stderr).toMatch(/AUTH_DATA_DIR .* cannot be written by this user/);
    expect(asNobody.status).toBe(1);
    expect(readdirSync(lockedDir)).toEqual([]);

    const restore = await cli(['restore', '--from', backup.out], envB);
    expect(restore.err).toContain('restore complete');
    expect(restore).toMatchObject({ code: 0 });
    // The registry file is configuration: named, never written (the registry in force came back with auth/).
    expect(existsSync(envB.REGISTRY_FILE)).toBe(false);
    expect(restore.err).toMatch(/registry-file: .* is absent; the registry in force was restored/);
    expect(await count(influxB.url)).toBe(READINGS);
    // A second restore onto the now occupied machine is refused and changes nothing.
    const again = await cli(['restore', '--from', backup.out], envB);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/AUTH_DATA_DIR .* already holds data/);

    const rigB = await startIngesterRig({
      root: ROOT, brokerUrl: broker.url, influxUrl: influxB.url, database: DB, clientId: 'ingester-backup-b',
      credentials: CREDENTIALS, bcryptCost: 4, logLevel: 'warn', readiness: 'ready', stateDir: stateB,
    });
    rigs.push(rigB);
    const login = await fetch(`${rigB.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'quan-ly-pk', password: 'Phong-Khe-2026-manager' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { clusters: string[] } }).user.clusters).toEqual(['phong-khe']);
    const after = await openAlerts(rigB);
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    const history = await rigB.fetch(`/api/stations/pk-air-01/readings?parameter=PM2.5&from=${new Date(t0 - 60_000).toISOString()}&to=${new Date().toISOString()}`);
    expect(history.status).toBe(200);
    await rigB.stop(5_000);

    // ── an older ingester meets data a newer release wrote: it stops with 78 and touches nothing ──
    const stamp = { format: DATA_FORMAT + 1, writtenBy: '9.9.9', at: new Date().toISOString() };
    writeFileSync(join(stateB, 'spool', FORMAT_FILE), JSON.stringify(stamp));
    const env = ingesterEnv({
      brokerUrl: broker.url, influxUrl: influxB.url, database: DB, clientId: 'ingester-backup-c', port: await choosePort(0, false),
      registryFile: join(ROOT, 'deploy/registry/bac-ninh.json'), stateDir: stateB, credentials: CREDENTIALS, bcryptCost: 4,
    });
    const child = spawn(process.execPath, [join(ROOT, BUILT_INGESTER)], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(NEWER_FORMAT_EXIT_CODE);
    expect(output).toContain('holds LàngXanh data format 2 (written by 9.9.9');
    expect(JSON.parse(readFileSync(join(stateB, 'spool', FORMAT_FILE), 'utf8'))).toEqual(stamp);

    // ── restore into a database the ingester already created (started once before the restore) ──
    const rpcC = await choosePort(0, false);
    const influxC = await startInfluxd({ httpPort: 0, rpcPort: rpcC });
    const query = (q: string) => fetch(`${influxC.url}/query?db=${DB}&q=${encodeURIComponent(q)}`, { method: 'POST' });
    expect((await query(`CREATE DATABASE ${DB}`)).status).toBe(200);
    const written = await fetch(`${influxC.url}/write?db=${DB}`, { method: 'POST', body: `air,cluster=phong-khe,station=pk-air-02 PM2.5=11 ${Date.now()}000000` });
    expect(written.status).toBe(204);
    const stateC = join(work, 'state-c');
    const merged = await cli(['restore', '--from', backup.out], {
      INFLUX_URL: influxC.url, INFLUX_DATABASE: DB, INFLUX_BACKUP_ADDRESS: `127.0.0.1:${rpcC}`,
      AUTH_DATA_DIR: join(stateC, 'auth'), SPOOL_DIR: join(stateC, 'spool'), REGISTRY_FILE: join(stateC, 'registry.json'),
    });
    expect(merged.err).toContain('merged into the existing one');
    expect(merged.code).toBe(0);
    expect(await count(influxC.url)).toBe(READINGS);
    const kept = (await (await query(`SELECT count("PM2.5") FROM "air" WHERE "station" = 'pk-air-02'`)).json()) as {
      results: { series?: { values: [string, number][] }[] }[];
    };
    expect(kept.results[0].series?.[0].values[0][1]).toBe(1);
    const databases = JSON.stringify(await (await query('SHOW DATABASES')).json());
    expect(databases).not.toContain('_restore_'); // the temporary database is gone
  });
});
