import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertReadableFormat,
  claimDataFolder,
  DATA_FORMAT,
  FORMAT_FILE,
  LANGXANH_VERSION,
  NewerDataFormatError,
  readFormatStamp,
} from './data-format';

describe('data-format stamps', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lx-format-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const at = new Date('2026-12-07T10:00:00Z');

  it('creates a missing folder and stamps it with this release', async () => {
    const dir = join(root, 'spool');
    expect(await claimDataFolder(dir, '0.1.0', { now: at })).toBe('new');
    expect(JSON.parse(readFileSync(join(dir, FORMAT_FILE), 'utf8'))).toEqual({
      format: DATA_FORMAT,
      writtenBy: '0.1.0',
      at: '2026-12-07T10:00:00.000Z',
    });
    expect(await claimDataFolder(dir, '0.1.0', { now: at })).toBe('same');
  });

  it('refuses a folder stamped by a newer format and leaves the stamp as it was', async () => {
    const stamp = { format: DATA_FORMAT + 1, writtenBy: '0.9.0', at: '2027-01-01T00:00:00.000Z' };
    writeFileSync(join(root, FORMAT_FILE), JSON.stringify(stamp));
    await expect(claimDataFolder(root, '0.1.0', { label: 'SPOOL_DIR' })).rejects.toThrow(NewerDataFormatError);
    await expect(claimDataFolder(root, '0.1.0', { label: 'SPOOL_DIR' })).rejects.toThrow(
      /SPOOL_DIR holds LàngXanh data format 2 \(written by 0\.9\.0/,
    );
    expect(await readFormatStamp(join(root, FORMAT_FILE))).toEqual(stamp);
  });

  it('upgrades an older stamp when this release reads a newer format', async () => {
    writeFileSync(join(root, FORMAT_FILE), JSON.stringify({ format: 1, writtenBy: '0.1.0', at: '2026-01-01T00:00:00Z' }));
    expect(await claimDataFolder(root, '0.2.0', { supported: 2, now: at })).toBe('upgraded');
    expect((await readFormatStamp(join(root, FORMAT_FILE)))?.format).toBe(2);
  });

  it('never overwrites a file that is not a stamp', async () => {
    writeFileSync(join(root, FORMAT_FILE), 'hello');
    await expect(claimDataFolder(root, '0.1.0')).rejects.toThrow(/not a LàngXanh format stamp/);
    writeFileSync(join(root, FORMAT_FILE), JSON.stringify({ format: 'two' }));
    await expect(claimDataFolder(root, '0.1.0')).rejects.toThrow(/integer format/);
    expect(readFileSync(join(root, FORMAT_FILE), 'utf8')).toBe(JSON.stringify({ format: 'two' }));
  });

  it('checks a backup manifest format', () => {
    expect(() => assertReadableFormat('backup', { format: DATA_FORMAT, writtenBy: 'x', at: 'y' })).not.toThrow();
    expect(() => assertReadableFormat('backup', { format: DATA_FORMAT + 1, writtenBy: 'x', at: 'y' })).toThrow(
      NewerDataFormatError,
    );
    expect(() => assertReadableFormat('backup', { format: 0, writtenBy: 'x', at: 'y' })).toThrow(/not a format number/);
  });
});

describe('LANGXANH_VERSION', () => {
  it("is the root package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
    expect(LANGXANH_VERSION).toBe(pkg.version);
  });
});
