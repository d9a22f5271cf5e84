import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForwardQueue } from './forward-queue';
import { parseFtpUrl } from './forwarder.service';

describe('ForwardQueue', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'langxanh-fq-'));

  it('keeps entries in order across a reopen, continues the sequence, removes only the oldest', () => {
    const d = dir();
    const q = new ForwardQueue(d, 10);
    expect(q.push('A_B_C_20260101000000.txt', 'one')).toBe(true);
    expect(q.push('A_B_C_20260101000500.txt', 'two')).toBe(true);
    const first = q.peek()!;
    expect(first.name).toBe('A_B_C_20260101000000.txt');
    expect(() => q.remove({ entry: '000000000002_A_B_C_20260101000500.txt', name: 'x' })).toThrow(/not the oldest/);
    q.remove(first);
    // A half-written entry left in tmp/ by a crash is discarded at reopen; the queue folder is the truth.
    writeFileSync(join(d, 'tmp', '000000000009_half.txt'), 'half');
    const reopened = new ForwardQueue(d, 10);
    expect(reopened.size).toBe(1);
    expect(reopened.read(reopened.peek()!).toString()).toBe('two');
    reopened.push('A_B_C_20260101001000.txt', 'three');
    expect(readdirSync(join(d, 'queue'))).toEqual([
      '000000000002_A_B_C_20260101000500.txt',
      '000000000003_A_B_C_20260101001000.txt',
    ]);
    expect(readdirSync(join(d, 'tmp'))).toEqual([]);
  });

  it('refuses a push at its bound and writes nothing', () => {
    const q = new ForwardQueue(dir(), 2);
    expect(q.push('a.txt', '1')).toBe(true);
    expect(q.push('b.txt', '2')).toBe(true);
    expect(q.push('c.txt', '3')).toBe(false);
    expect(q.size).toBe(2);
  });
});

describe('parseFtpUrl', () => {
  it('reads user, password (URL-encoded), port, folder and FTPS', () => {
    expect(parseFtpUrl('ftps://bac%20ninh:p%40ss@host.example:2121/in/box')).toEqual({
      host: 'host.example',
      port: 2121,
      user: 'bac ninh',
      password: 'p@ss',
      secure: true,
      dir: '/in/box',
    });
    expect(parseFtpUrl('ftp://u:p@127.0.0.1')).toMatchObject({ port: 21, secure: false, dir: '/' });
    expect(() => parseFtpUrl('sftp://u@h/')).toThrow(/ftp:\/\/ or ftps:\/\//);
  });
});
