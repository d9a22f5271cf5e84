import { join } from 'node:path';
import { ingesterEnv, type IngesterEnvInput } from './ingester-rig';

const BASE: IngesterEnvInput = {
  brokerUrl: 'mqtt://127.0.0.1:18830',
  influxUrl: 'http://127.0.0.1:18086',
  port: 23_000,
  registryFile: '/repo/deploy/registry/bac-ninh.json',
  stateDir: '/tmp/state',
  credentials: { username: 'admin', password: 'pw', jwtSecret: 'k'.repeat(32) },
};

describe('ingesterEnv', () => {
  it('sets the URLs, loopback port, registry, state folders and administrator; nothing optional', () => {
    expect(ingesterEnv(BASE)).toEqual({
      MQTT_URL: 'mqtt://127.0.0.1:18830',
      INFLUX_URL: 'http://127.0.0.1:18086',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '23000',
      REGISTRY_FILE: '/repo/deploy/registry/bac-ninh.json',
      SPOOL_DIR: join('/tmp/state', 'spool'),
      AUTH_DATA_DIR: join('/tmp/state', 'auth'),
      AUTH_JWT_SECRET: 'k'.repeat(32),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'pw',
    });
  });

  it('adds database, client id, bcrypt cost and log level when given', () => {
    const env = ingesterEnv({ ...BASE, database: 'db', clientId: 'c-1', bcryptCost: 4, logLevel: 'info' });
    expect(env).toMatchObject({
      INFLUX_DATABASE: 'db',
      MQTT_CLIENT_ID: 'c-1',
      AUTH_BCRYPT_COST: '4',
      LOG_LEVEL: 'info',
    });
  });

  it('lets the extra variables override the built ones', () => {
    const env = ingesterEnv({
      ...BASE,
      logLevel: 'info',
      env: { LOG_LEVEL: 'debug', NODE_ENV: 'production' },
    });
    expect(env.LOG_LEVEL).toBe('debug');
    expect(env.NODE_ENV).toBe('production');
  });
});
