import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A throw-away certificate for tests: `certFile` (certificate only, a client's CA) and `keyAndCertFile` (for pure-ftpd). */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyAndCertFile: string;
}

/**
 * Makes a self-signed RSA certificate for `127.0.0.1` (also as its subject alternative name, which TLS clients
 * check), valid one day, in `dir` with Debian's `openssl` (FTPS tests).
 * @throws Error when openssl is missing or fails.
 */
export function makeTestCertificate(dir: string): TestCertificate {
  const key = join(dir, 'test-key.pem');
  const certFile = join(dir, 'test-cert.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      certFile,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (made.status !== 0)
    throw new Error(`openssl req failed: ${(made.stderr || String(made.error ?? '')).trim()}`);
  const keyAndCertFile = join(dir, 'test-key-and-cert.pem');
  writeFileSync(keyAndCertFile, readFileSync(key, 'utf8') + readFileSync(certFile, 'utf8'), { mode: 0o600 });
  return { certFile, keyAndCertFile };
}
