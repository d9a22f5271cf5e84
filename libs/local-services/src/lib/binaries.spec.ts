import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, MissingBinaryError, requireBinaries } from './binaries';

describe('requireBinaries', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'langxanh-bin-'));
    const fake = join(dir, 'influxd');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('honours the override variable', () => {
    expect(findBinary('influxd', { INFLUXD_BIN: join(dir, 'influxd') })).toBe(join(dir, 'influxd'));
  });

  it('names the missing binary and the install script', () => {
    const env = { MOSQUITTO_BIN: join(dir, 'nope'), INFLUXD_BIN: join(dir, 'influxd') };
    expect(() => requireBinaries(['influxd', 'mosquitto'], env)).toThrow(MissingBinaryError);
    expect(() => requireBinaries(['mosquitto'], env)).toThrow(
      /`mosquitto` was not found.*run `bash deploy\/scripts\/install-system-deps\.sh` \(installs Debian's mosquitto, influxdb, pure-ftpd and redis-server\)/,
    );
  });

  it('returns absolute paths in the order asked', () => {
    expect(requireBinaries(['influxd'], { INFLUXD_BIN: join(dir, 'influxd') })).toEqual([
      join(dir, 'influxd'),
    ]);
  });
});
