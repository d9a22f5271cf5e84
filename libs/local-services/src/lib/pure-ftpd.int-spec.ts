import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import { eventually } from './eventually';
import { startPureFtpd, type RunningFtpServer } from './pure-ftpd';
import { stopAll } from './registry';

const accounts = [
  { user: 'station-a', password: 'pass-a-1' },
  { user: 'station-b', password: 'pass-b-2' },
];
let ftp: RunningFtpServer;
const clients: Client[] = [];

async function login(user: string, password: string, timeoutMs = 10_000): Promise<Client> {
  const client = new Client(timeoutMs);
  clients.push(client);
  await client.access({ host: ftp.host, port: ftp.port, user, password });
  return client;
}

beforeAll(async () => {
  ftp = await startPureFtpd({ accounts });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => stopAll());

describe('startPureFtpd', () => {
  it('stores an account’s upload in its own home folder', async () => {
    const client = await login('station-a', 'pass-a-1');
    await client.uploadFrom(Readable.from(['hello']), 'one.txt');
    expect(readFileSync(`${ftp.homeOf('station-a')}/one.txt`, 'utf8')).toBe('hello');
    expect(await client.pwd()).toBe('/');
  });

  it('keeps an account out of the other account’s folder', async () => {
    const client = await login('station-a', 'pass-a-1');
    await expect(client.uploadFrom(Readable.from(['x']), '../station-b/evil.txt')).rejects.toThrow();
    await client.cd('..');
    expect(await client.pwd()).toBe('/');
    await client.uploadFrom(Readable.from(['x']), 'after-cd.txt');
    expect(readdirSync(ftp.homeOf('station-b'))).toEqual([]);
    expect(existsSync(`${ftp.homeOf('station-a')}/after-cd.txt`)).toBe(true);
  });

  it('refuses a wrong password and anonymous logins', async () => {
    // pure-ftpd answers a failed login only after a delay (against password guessing).
    await expect(login('station-b', 'pass-a-1', 40_000)).rejects.toThrow(/530/);
    await expect(login('anonymous', 'guest@example.org', 40_000)).rejects.toThrow(/530|421/);
  }, 90_000);

  it('shows a file under its name only once its upload is complete', async () => {
    const client = await login('station-b', 'pass-b-2');
    const source = new PassThrough();
    const upload = client.uploadFrom(source, 'slow.txt');
    source.write('first half, ');
    const home = ftp.homeOf('station-b');
    // The bytes are on disk in a temporary dot-file, not under the final name.
    await eventually(() => expect(readdirSync(home).some((name) => name.startsWith('.'))).toBe(true));
    expect(existsSync(`${home}/slow.txt`)).toBe(false);
    source.end('second half');
    await upload;
    expect(readFileSync(`${home}/slow.txt`, 'utf8')).toBe('first half, second half');
    expect(readdirSync(home)).toEqual(['slow.txt']);
  });
});
