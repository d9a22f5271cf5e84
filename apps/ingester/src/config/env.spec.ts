import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema, validateEnv } from './env';

describe('validateEnv', () => {
  it('fills every default', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ HTTP_PORT: 3000, MQTT_URL: 'mqtt://127.0.0.1:1883', INFLUX_API: 'auto', SPOOL_FULL_POLICY: 'block' });
  });
  it('coerces numbers and lists every invalid variable', () => {
    expect(validateEnv({ HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
    expect(() => validateEnv({ HTTP_PORT: 'x', INFLUX_API: 'v9', SPOOL_FULL_POLICY: 'drop-newest' })).toThrow(
      /HTTP_PORT[\s\S]*INFLUX_API[\s\S]*SPOOL_FULL_POLICY/,
    );
  });

  it('every variable is documented in .env.example and in the README configuration table', () => {
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const undocumented = Object.keys(envSchema.shape).filter(
      (key) => !new RegExp(`^#? ?${key}=`, 'm').test(example) || !readme.includes(`\`${key}\``),
    );
    expect(undocumented).toEqual([]);
  });
});

/** Issue 15 item 16: production refuses guessable secrets; the run mode is spelt exactly. */
describe('validateEnv: production secrets and run mode', () => {
  const strongSecret = 'Q3vN8tXk1pZr0bLw7yHc5mJd2sFg9aEe4uRo6iTq';
  const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: strongSecret };

  it('refuses a repeated or patterned signing secret in production', () => {
    for (const secret of ['a'.repeat(32), 'abcdefghijklmnopqrstuvwxyz012345', 'changeme-changeme-changeme-changeme']) {
      expect(() => validateEnv({ ...production, AUTH_JWT_SECRET: secret })).toThrow(/AUTH_JWT_SECRET: too guessable/);
    }
    expect(validateEnv(production).AUTH_JWT_SECRET).toBe(strongSecret);
    // outside production the same value is only checked for its length
    expect(validateEnv({ AUTH_JWT_SECRET: 'a'.repeat(32) }).NODE_ENV).toBe('development');
  });

  it('refuses a common administrator password in production', () => {
    const admin = { ...production, ADMIN_USERNAME: 'admin' };
    for (const password of ['password1234', 'qwertyuiop123', 'admin12345678']) {
      expect(() => validateEnv({ ...admin, ADMIN_PASSWORD: password })).toThrow(/ADMIN_PASSWORD: too common/);
    }
    expect(validateEnv({ ...admin, ADMIN_PASSWORD: 'lúa-chín-vàng-đồng-Bắc-Ninh' }).ADMIN_USERNAME).toBe('admin');
  });

  it('refuses a run mode that is not spelt exactly, naming it', () => {
    for (const mode of ['Production', 'PRODUCTION', 'prod', ' production']) {
      expect(() => validateEnv({ ...production, NODE_ENV: mode })).toThrow(
        `NODE_ENV: must be exactly one of development, production, test (lower case), got ${JSON.stringify(mode)}`,
      );
    }
    expect(validateEnv({ NODE_ENV: 'test' }).NODE_ENV).toBe('test');
  });
});

/** Issue 15 item 14: TRUST_PROXY names the proxies; `true` and hop counts are refused. */
describe('validateEnv: TRUST_PROXY', () => {
  it('accepts addresses, subnets and Express range names, refuses true and hop counts', () => {
    for (const ok of ['', '127.0.0.2', 'loopback', '10.0.0.0/8, fd00::/8', '127.0.0.1,::1']) {
      expect(validateEnv({ TRUST_PROXY: ok }).TRUST_PROXY).toBe(ok);
    }
    for (const bad of ['true', '1', '2', 'proxy.local', '10.0.0.0/33']) {
      expect(() => validateEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: /);
    }
  });
});
