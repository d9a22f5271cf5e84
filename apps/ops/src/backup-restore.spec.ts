import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FORMAT, FORMAT_FILE } from '@langxanh/data-format';
import { runBackup } from './backup';
import { runCli } from './cli';
import { parseOpsEnv, type OpsEnv } from './config';
import { MANIFEST_FILE } from './manifest';
import { runRestore } from './restore';

/** File parts only (InfluxDB is left out here; the integration test runs influxd backup/restore for real). */
describe('backup and restore of the file parts', () => {
  let root: string;
  let source: OpsEnv;
  let target: OpsEnv;
  const at = new Date('2026-12-07T10:15:00Z');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lx-ops-'));
    const env = (base: string) =>
      parseOpsEnv({
        AUTH_DATA_DIR: join(root, base, 'auth'),
        SPOOL_DIR: join(root, base, 'spool'),
        FORWARD_DIR: join(root, base, 'forward'),
        REGISTRY_FILE: join(root, base, 'registry.json'),
        REGISTRY_DATA_DIR: join(root, base, 'registry'),
      });
    source = env('a');
    target = env('b');
    mkdirSync(source.AUTH_DATA_DIR, { recursive: true });
    writeFileSync(join(source.AUTH_DATA_DIR, 'auth.json'), '{"version":1,"users":[],"tokens":[]}');
    mkdirSync(source.SPOOL_DIR, { recursive: true });
    writeFileSync(join(source.SPOOL_DIR, '000000000001.lp'), 'air,station=x PM2.5=1 1\n');
    writeFileSync(source.REGISTRY_FILE, '{"clusters":[]}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies every present part with a manifest of SHA-256 sums, and restores them into empty folders', async () => {
    const folder = await runBackup({ out: join(root, 'backups'), env: source, skipInflux: true, now: at });
    expect(folder).toBe(join(root, 'backups', 'langxanh-backup-20261207T101500Z'));
    const manifest = JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'langxanh-backup', format: DATA_FORMAT, parts: ['auth', 'registry-file', 'spool'] });
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([
      'auth/auth.json',
      'registry-file/registry.json',
      'spool/000000000001.lp',
    ]);
    // No half-made folder is left beside it.
    expect(readdirSync(join(root, 'backups'))).toEqual(['langxanh-backup-20261207T101500Z']);

    const lines: string[] = [];
    await runRestore({ from: folder, env: target, skipInflux: true, log: (line) => lines.push(line) });
    expect(readFileSync(join(target.SPOOL_DIR, '000000000001.lp'), 'utf8')).toBe('air,station=x PM2.5=1 1\n');
    expect(readFileSync(join(target.AUTH_DATA_DIR, 'auth.json'), 'utf8')).toContain('"users":[]');
    // The registry file is configuration (root's): compared and named, never written.
    expect(existsSync(target.REGISTRY_FILE)).toBe(false);
    expect(lines.join('\n')).toMatch(/registry-file: .*registry\.json is absent; .* install -m 0644 /);
  });

  it('refuses a damaged backup, and occupied targets unless --force (which moves them aside)', async () => {
    const folder = await runBackup({ out: root, env: source, skipInflux: true, now: at });
    writeFileSync(join(folder, 'spool', '000000000001.lp'), 'changed\n');
    await expect(runRestore({ from: folder, env: target, skipInflux: true })).rejects.toThrow(
      /damaged, nothing restored:\n {2}spool\/000000000001\.lp: content differs/,
    );
    writeFileSync(join(folder, 'spool', '000000000001.lp'), 'air,station=x PM2.5=1 1\n');

    mkdirSync(target.SPOOL_DIR, { recursive: true });
    writeFileSync(join(target.SPOOL_DIR, FORMAT_FILE), '{}'); // a stamp alone is not data
    writeFileSync(join(target.SPOOL_DIR, '000000000007.lp'), 'other\n');
    await expect(runRestore({ from: folder, env: target, skipInflux: true })).rejects.toThrow(/SPOOL_DIR .* already holds data/);
    expect(existsSync(target.AUTH_DATA_DIR)).toBe(false); // nothing changed

    await runRestore({ from: folder, env: target, skipInflux: true, force: true, now: at });
    expect(readdirSync(join(root, 'b')).sort()).toEqual(['auth', 'spool', 'spool.before-restore-20261207T101500000Z']);
  });

  it('refuses a folder without a manifest (an unfinished backup) and a backup of a newer release (exit 78)', async () => {
    const folder = await runBackup({ out: root, env: source, skipInflux: true, now: at });
    const manifest = JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8'));
    writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify({ ...manifest, format: DATA_FORMAT + 1, writtenBy: '9.0.0' }));
    let err = '';
    const code = await runCli(['restore', '--from', folder, '--skip-influx'], {
      env: { AUTH_DATA_DIR: target.AUTH_DATA_DIR, SPOOL_DIR: target.SPOOL_DIR, REGISTRY_FILE: target.REGISTRY_FILE },
      err: (t) => (err += t),
    });
    expect(code).toBe(78);
    expect(err).toMatch(/holds LàngXanh data format 2 \(written by 9\.0\.0/);
    expect(existsSync(target.SPOOL_DIR)).toBe(false);

    rmSync(join(folder, MANIFEST_FILE));
    await expect(runRestore({ from: folder, env: target, skipInflux: true })).rejects.toThrow(/not a complete LàngXanh backup/);
  });

  it('answers a usage error with exit code 2 and reads --env-file with set variables winning', async () => {
    expect(await runCli(['backup'], { err: () => undefined })).toBe(2);
    const envFile = join(root, 'langxanh.env');
    writeFileSync(envFile, `SPOOL_DIR=${source.SPOOL_DIR}\nAUTH_DATA_DIR=/nonexistent/auth\nREGISTRY_FILE=${source.REGISTRY_FILE}\n`);
    let out = '';
    const code = await runCli(['backup', '--out', join(root, 'out'), '--env-file', envFile, '--skip-influx'], {
      env: { AUTH_DATA_DIR: source.AUTH_DATA_DIR },
      err: () => undefined,
      out: (t) => (out += t),
    });
    expect(code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out.trim(), MANIFEST_FILE), 'utf8'));
    expect(manifest.parts).toEqual(['auth', 'registry-file', 'spool']);
    expect(process.env.SPOOL_DIR).toBeUndefined(); // the file did not leak into this process
  });
});
