import { validateEnv } from './env';

describe('validateEnv', () => {
  it('fills every default', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ HTTP_PORT: 3000, MQTT_URL: 'mqtt://127.0.0.1:1883', INFLUX_API: 'auto', INFLUX_FLUSH_INTERVAL_MS: 1000 });
  });
  it('coerces numbers and lists every invalid variable', () => {
    expect(validateEnv({ HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
    expect(() => validateEnv({ HTTP_PORT: 'x', INFLUX_API: 'v9', INFLUX_FLUSH_INTERVAL_MS: '60000' })).toThrow(
      /HTTP_PORT[\s\S]*INFLUX_API[\s\S]*INFLUX_FLUSH_INTERVAL_MS/,
    );
  });
});
