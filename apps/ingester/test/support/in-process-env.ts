import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@langxanh/local-services';

/**
 * The environment of an in-process ingester in an integration test: the given broker and database, a fresh spool and
 * user store, the shipped registry, a first administrator `admin` / `<name>-admin-password`, fast bcrypt; `extra`
 * last. Assign it to `process.env` before `AppModule.forRoot()`.
 */
export function inProcessEnv(
  name: string,
  broker: RunningService,
  influx: RunningService,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: `ingester-${name}-${process.pid}`,
    INFLUX_URL: influx.url,
    INFLUX_DATABASE: `langxanh_${name}_test`,
    SPOOL_DIR: mkdtempSync(join(tmpdir(), 'langxanh-spool-')),
    REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'),
    LOG_LEVEL: 'warn',
    AUTH_DATA_DIR: mkdtempSync(join(tmpdir(), `langxanh-${name}-auth-`)),
    AUTH_JWT_SECRET: `${name}-test-secret-`.repeat(4),
    AUTH_BCRYPT_COST: '4',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: `${name}-admin-password`,
    ...extra,
  };
}
