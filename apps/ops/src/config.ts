import { z } from 'zod';
import { DATA_LOCATION_DEFAULTS } from '@langxanh/data-format';

/**
 * What `npm run backup` / `npm run restore` read from the environment: the same variables, with the same defaults,
 * as the ingester (README § Configuration), so pointing both at one env file (`--env-file`, e.g.
 * `/etc/langxanh/langxanh.env`) backs up exactly what the ingester writes.
 */
export const opsEnvSchema = z.object({
  INFLUX_URL: z.string().url().default('http://127.0.0.1:8086'),
  /** `auto`/`v1`: InfluxDB 1.x, backed up with its own `influxd backup -portable`. `v2`: see docs/backup.md. */
  INFLUX_API: z.enum(['auto', 'v1', 'v2']).default('auto'),
  INFLUX_DATABASE: z.string().min(1).default('langxanh'),
  INFLUX_RETENTION_POLICY: z.string().optional(),
  INFLUX_USERNAME: z.string().optional(),
  INFLUX_PASSWORD: z.string().optional(),
  /**
   * InfluxDB 1.x's RPC service for backup and restore (`bind-address` at the top of influxdb.conf; Debian's default
   * `127.0.0.1:8088`). Never expose it beyond loopback: it has no authentication.
   */
  INFLUX_BACKUP_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d{1,5}$/, 'host:port, e.g. 127.0.0.1:8088')
    .default('127.0.0.1:8088'),
  AUTH_DATA_DIR: z.string().min(1).default(DATA_LOCATION_DEFAULTS.AUTH_DATA_DIR),
  REGISTRY_FILE: z.string().min(1).default(DATA_LOCATION_DEFAULTS.REGISTRY_FILE),
  /** The run-time registry's versions, when the ingester keeps them (backed up when the folder exists). */
  REGISTRY_DATA_DIR: z.string().optional(),
  SPOOL_DIR: z.string().min(1).default(DATA_LOCATION_DEFAULTS.SPOOL_DIR),
  FORWARD_DIR: z.string().min(1).default(DATA_LOCATION_DEFAULTS.FORWARD_DIR),
});

export type OpsEnv = z.infer<typeof opsEnvSchema>;

/** @throws Error listing each invalid variable. */
export function parseOpsEnv(raw: NodeJS.ProcessEnv): OpsEnv {
  const result = opsEnvSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`invalid configuration:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}
