import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { envSchema, validateEnv } from './env';

/**
 * The production env template (deploy/systemd/langxanh.env.example, docs/deploy.md § 4) read with Node's own
 * `--env-file` parser (`util.parseEnv`, what `npm run start:prod` uses): every variable is one the ingester knows,
 * the template as shipped is refused (its CHANGE_ME secrets), and filled as the guide says it is accepted.
 */
describe('production env template', () => {
  const template = parseEnv(readFileSync(join(__dirname, '../../../../deploy/systemd/langxanh.env.example'), 'utf8'));

  it('names only variables of the schema, and production', () => {
    expect(Object.keys(template).filter((key) => !(key in envSchema.shape))).toEqual([]);
    expect(template['NODE_ENV']).toBe('production');
  });

  it('is refused until its secrets are filled, then accepted', () => {
    expect(() => validateEnv(template)).toThrow(/AUTH_JWT_SECRET/);
    const filled = {
      ...template,
      AUTH_JWT_SECRET: randomBytes(48).toString('base64'),
      ADMIN_PASSWORD: randomBytes(18).toString('base64'),
      MQTT_PASSWORD: randomBytes(24).toString('base64'),
    };
    const env = validateEnv(filled);
    expect(env.DASHBOARD_DIR).toBe('/opt/langxanh/dist/apps/dashboard');
    expect(env.TRUST_PROXY).toBe('127.0.0.2'); // nginx connects from 127.0.0.2 (proxy_bind)
  });
});
