import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import mqtt from 'mqtt';
import { canConnect, eventually, requireBinaries, withDeathSignal } from '@langxanh/local-services';

const MOSQUITTO_DIR = join(__dirname, '../../../deploy/mosquitto');
const PROD_CONF = join(MOSQUITTO_DIR, 'mosquitto.prod.conf');

/** uid/gid of the `mosquitto` account Debian's package makes, or undefined. */
function mosquittoAccount(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'mosquitto'], { encoding: 'utf8', stdio: 'pipe' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // no such account: the test is skipped
    return undefined;
  }
}

const account = mosquittoAccount();
const asRoot = userInfo().uid === 0;

/**
 * Issue 15 item 17: the files of deploy/mosquitto/make-dev-cert.sh as the README's steps make them (run as root,
 * straight into the broker's TLS folder) are readable by the broker, which drops to user `mosquitto`: the shipped
 * `mosquitto.prod.conf` starts with them and serves TLS. The CA key stays private. Needs root and Debian's
 * `mosquitto` account (CI and `npm start` machines have both).
 */
(asRoot && account ? describe : describe.skip)('TLS files of make-dev-cert.sh under the production broker (user mosquitto)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'langxanh-tls-files-'));
  const tls = join(dir, 'tls');
  let child: ChildProcess | undefined;
  let tlsPort = 0;
  let output = '';

  beforeAll(async () => {
    // /etc/mosquitto/langxanh as docs/security.md installs it: 0750 root:mosquitto
    chmodSync(dir, 0o750);
    chownSync(dir, 0, account!.gid);
    execFileSync('bash', [join(MOSQUITTO_DIR, 'make-dev-cert.sh'), tls, 'broker.test'], { stdio: 'ignore' });
    const data = join(dir, 'data');
    mkdirSync(data);
    chownSync(data, account!.uid, account!.gid);
    tlsPort = await getPort({ host: '127.0.0.1' });
    // The shipped file with its paths and ports moved, its password/ACL lines replaced by anonymous access (the
    // subject here is the key files), and no `user root`: the broker drops to `mosquitto` as in production.
    const config = readFileSync(PROD_CONF, 'utf8')
      .replaceAll('/etc/mosquitto/langxanh/tls/', `${tls}/`)
      .replace(/^allow_anonymous false$/m, 'allow_anonymous true')
      .replace(/^(password_file|acl_file) .*$/gm, '')
      .replace('/var/lib/mosquitto/', `${data}/`)
      .replace(/^pid_file .*$/m, '')
      .replace(/^listener 8883$/m, `listener ${tlsPort} 127.0.0.1`)
      .replace(/^listener 1883 127\.0\.0\.1$/m, `listener ${await getPort({ host: '127.0.0.1' })} 127.0.0.1`)
      .replace(/^log_dest syslog$/m, 'log_dest stderr');
    const configFile = join(dir, 'mosquitto.conf');
    writeFileSync(configFile, `${config}\nuser mosquitto\n`, { mode: 0o644 });
    const [binary] = requireBinaries(['mosquitto']);
    const [command, args] = withDeathSignal(binary, ['-c', configFile]);
    child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  });

  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the server key for the broker group only and the CA key for its owner only', () => {
    const mode = (file: string) => statSync(join(tls, file)).mode & 0o777;
    expect(mode('server.key')).toBe(0o640);
    expect(statSync(join(tls, 'server.key')).gid).toBe(account!.gid);
    expect(mode('ca.key')).toBe(0o600);
    expect(statSync(join(tls, 'ca.key')).uid).toBe(0);
    expect(mode('server.crt') & 0o004).toBe(0o004);
  });

  it('starts the production configuration as user mosquitto and serves TLS with those files', async () => {
    await eventually(
      async () => {
        expect(output).not.toMatch(/Unable to load server key|Error/);
        expect(await canConnect(tlsPort)).toBe(true);
      },
      { timeoutMs: 10_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nmosquitto said:\n${output}`);
    });
    const client = await mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, {
      ca: readFileSync(join(tls, 'ca.crt')),
      // use_username_as_clientid (prod conf) wants a username; anonymous access stands in for the password file
      username: 'tls-check',
      reconnectPeriod: 0,
      connectTimeout: 5_000,
    });
    await client.endAsync();
  });
});
