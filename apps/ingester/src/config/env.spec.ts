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
