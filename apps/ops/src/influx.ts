import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import type { OpsEnv } from './config';

const run = promisify(execFile);

/** How long `influxd backup`/`restore` may take before it is stopped (a year of one province's data: minutes). */
const INFLUXD_TIMEOUT_MS = 6 * 60 * 60_000;

/**
 * Runs Debian's `influxd` tool (`backup` or `restore`), its output kept for the error.
 * @throws Error with the tool's last output lines when it fails or is missing.
 */
async function influxd(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('influxd', args, { timeout: INFLUXD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; stdout?: string };
    if (failure.code === 'ENOENT') {
      throw new Error('influxd is not installed here (Debian package influxdb): it is the tool that backs up InfluxDB 1.x');
    }
    const tail = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`influxd ${args[0]} failed: ${tail || failure.message}`);
  }
}

/** InfluxQL over HTTP `/query` (v1), with the configured credentials. @throws Error on a failed request or statement. */
async function influxQuery(env: OpsEnv, statement: string, database?: string): Promise<unknown[]> {
  const params = new URLSearchParams({ q: statement });
  if (database) params.set('db', database);
  if (env.INFLUX_USERNAME) params.set('u', env.INFLUX_USERNAME);
  if (env.INFLUX_PASSWORD) params.set('p', env.INFLUX_PASSWORD);
  const response = await fetch(`${env.INFLUX_URL.replace(/\/$/, '')}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params,
  });
  const body = (await response.json().catch(() => ({}))) as { results?: { error?: string; series?: unknown[] }[]; error?: string };
  const error = body.error ?? body.results?.find((r) => r.error)?.error;
  if (!response.ok || error) throw new Error(`InfluxDB refused "${statement}": ${error ?? `HTTP ${response.status}`}`);
  return body.results ?? [];
}

/** Total number of field values in `database` (0 when empty). @throws Error when a query fails. */
async function countAll(env: OpsEnv, database: string): Promise<number> {
  const results = (await influxQuery(env, 'SELECT count(*) FROM /.*/', database)) as { series?: { values?: unknown[][] }[] }[];
  let total = 0;
  for (const series of results[0]?.series ?? []) {
    for (const row of series.values ?? []) for (const cell of row.slice(1)) if (typeof cell === 'number') total += cell;
  }
  return total;
}

/** How long a restored database may take to load its shards (influxd 1.x reopens each shard after the import). */
const SETTLE_TIMEOUT_MS = 120_000;
const SETTLE_POLL_MS = 500;

/**
 * Waits until a database just restored answers queries with a stable content: `influxd restore` returns while the
 * server still reopens the imported shards (queries then fail with "engine is closed" or count nothing yet).
 * Settled = three answers in a row without error and with the same total, the last one non-zero unless the
 * backup was empty. @returns the total. @throws Error after {@link SETTLE_TIMEOUT_MS}.
 */
async function settled(env: OpsEnv, database: string, emptyBackup: boolean): Promise<number> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = -1;
  let same = 0;
  let error = '';
  while (Date.now() < deadline) {
    try {
      const total = await countAll(env, database);
      same = total === last && (total > 0 || emptyBackup) ? same + 1 : 0;
      last = total;
      if (same >= 2) return total;
    } catch (failure) {
      error = (failure as Error).message;
      same = 0;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  throw new Error(`the restored database ${database} did not settle within ${SETTLE_TIMEOUT_MS / 1000} s${error ? `: ${error}` : ''}`);
}

/** True when the portable backup folder holds no shard data (`*.tar.gz` files are the shards). */
function holdsNoShards(dir: string): boolean {
  return !readdirSync(dir).some((name) => name.endsWith('.tar.gz'));
}

/** Refuses InfluxDB 2.x/3.x, whose own `influx backup` is the documented path (docs/backup.md). */
function requireV1(env: OpsEnv): void {
  if (env.INFLUX_API === 'v2') {
    throw new Error(
      'INFLUX_API=v2: back InfluxDB 2.x up with its own `influx backup` and run this with --skip-influx (docs/backup.md)',
    );
  }
}

/** `influxd backup -portable` of the database into `dir` (a new, empty folder). @returns the tool's output. */
export async function backupInflux(env: OpsEnv, dir: string): Promise<string> {
  requireV1(env);
  return influxd(['backup', '-portable', '-db', env.INFLUX_DATABASE, '-host', env.INFLUX_BACKUP_ADDRESS, dir]);
}

/** Quotes an InfluxQL identifier. */
const ident = (name: string) => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Restores a portable backup of `backupDb` into the configured database. When that database does not exist yet
 * (a fresh machine), `influxd restore` creates it. When it exists (the ingester already started once), the
 * backup is restored beside it as a temporary database and copied in with `SELECT * INTO … GROUP BY *` (InfluxDB
 * 1.x's documented way; points already there with the same series and time are overwritten by the backup's), then
 * the temporary database is dropped.
 * @returns the tool's output and how the data went in.
 */
export async function restoreInflux(env: OpsEnv, dir: string, backupDb: string): Promise<{ method: 'new' | 'merged'; output: string }> {
  requireV1(env);
  const target = env.INFLUX_DATABASE;
  const [shown] = await influxQuery(env, 'SHOW DATABASES');
  const names = ((shown as { series?: { values?: string[][] }[] }).series?.[0]?.values ?? []).map((v) => v[0]);
  if (!names.includes(target)) {
    const output = await influxd(['restore', '-portable', '-db', backupDb, '-newdb', target, '-host', env.INFLUX_BACKUP_ADDRESS, dir]);
    await settled(env, target, holdsNoShards(dir));
    return { method: 'new', output };
  }
  const temporary = `${target}_restore_${Date.now()}`;
  const output = await influxd(['restore', '-portable', '-db', backupDb, '-newdb', temporary, '-host', env.INFLUX_BACKUP_ADDRESS, dir]);
  try {
    await settled(env, temporary, holdsNoShards(dir));
    const policy = env.INFLUX_RETENTION_POLICY ?? 'autogen';
    await influxQuery(
      env,
      `SELECT * INTO ${ident(target)}.${ident(policy)}.:MEASUREMENT FROM ${ident(temporary)}.${ident(policy)}./.*/ GROUP BY *`,
      temporary,
    );
  } finally {
    await influxQuery(env, `DROP DATABASE ${ident(temporary)}`);
  }
  return { method: 'merged', output };
}
