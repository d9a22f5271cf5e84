import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parseAllDocuments } from 'yaml';
import { makeTestCertificate } from '@langxanh/local-services';
import { BUILT_INGESTER } from './lib/ingester-rig';
import { localNginxSite, nginxTest, SHIPPED_NGINX_SITE, writeNginxConfig } from './lib/nginx';
import { renderEnvFile, SHIPPED_ENV_EXAMPLE } from './lib/production';

/**
 * Issue 16 item 2: every install artefact in deploy/ is checked here by the tool that will read it — systemd's own
 * `systemd-analyze verify` (and `security --offline`), Debian's `nginx -t`, Docker's `docker-compose config`
 * (Debian's 1.29 client; no Docker engine runs here, so no image is built), a Dockerfile parser, and the Kubernetes
 * API schemas (kubernetes-models). Each check is first shown to fail on a broken copy, so a silent tool cannot pass.
 */
const ROOT = join(__dirname, '../../..');
const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

describe('install artefacts (deploy/)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'langxanh-artefacts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('systemd units (systemd-analyze)', () => {
    /**
     * `systemd-analyze verify`: exit 0 and nothing printed (unknown keys are only warnings, exit 0). `--man=no`:
     * Debian's influxdb.service names a man page the package does not install.
     */
    const verify = (args: string[]) => {
      const result = run('systemd-analyze', ['verify', '--man=no', ...args]);
      return { ok: result.status === 0 && result.stderr.trim() === '', output: result.stderr };
    };

    it('verifies the ingester unit, and a misspelt directive fails', () => {
      const unit = join(ROOT, 'deploy/systemd/langxanh-ingester.service');
      expect(verify([unit])).toEqual({ ok: true, output: '' });
      const broken = join(dir, 'langxanh-ingester.service');
      writeFileSync(broken, readFileSync(unit, 'utf8').replace('ProtectSystem=strict', 'ProtectSytem=strict'));
      expect(verify([broken]).ok).toBe(false);
    });

    it('verifies the nightly backup service and its timer (docs/backup.md)', () => {
      const files = ['langxanh-backup.service', 'langxanh-backup.timer'].map((f) => join(ROOT, 'deploy/systemd', f));
      expect(verify(files)).toEqual({ ok: true, output: '' });
    });

    it('runs the built ingester, restarts on failure, and is hardened (exposure ≤ 2.0 of 10)', () => {
      const unit = readFileSync(join(ROOT, 'deploy/systemd/langxanh-ingester.service'), 'utf8');
      expect(unit).toContain(`ExecStart=/usr/bin/node --enable-source-maps /opt/langxanh/${BUILT_INGESTER}`);
      for (const line of ['User=langxanh', 'NoNewPrivileges=true', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/langxanh', 'Restart=on-failure', 'EnvironmentFile=/etc/langxanh/langxanh.env']) {
        expect(unit.split('\n')).toContain(line);
      }
      const security = run('systemd-analyze', ['security', '--offline=true', join(ROOT, 'deploy/systemd/langxanh-ingester.service')]);
      const exposure = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(security.stdout)?.[1]);
      expect(exposure).toBeLessThanOrEqual(2);
    });

    it.each(['mosquitto', 'influxdb'])("verifies the drop-in for Debian's %s.service", (name) => {
      const debianUnit = `/lib/systemd/system/${name}.service`;
      expect(existsSync(debianUnit)).toBe(true);
      const units = join(dir, `units-${name}`);
      mkdirSync(join(units, `${name}.service.d`), { recursive: true });
      copyFileSync(debianUnit, join(units, `${name}.service`));
      const dropIn = readFileSync(join(ROOT, `deploy/systemd/${name}.service.d/langxanh.conf`), 'utf8');
      writeFileSync(join(units, `${name}.service.d/langxanh.conf`), dropIn);
      expect(verify([join(units, `${name}.service`)])).toEqual({ ok: true, output: '' });
      writeFileSync(join(units, `${name}.service.d/langxanh.conf`), `${dropIn}\nRestartSecs=1\n`);
      expect(verify([join(units, `${name}.service`)]).ok).toBe(false);
    });

    it("InfluxDB reads the shipped configuration (influxd config)", () => {
      const result = run('influxd', ['config', '-config', 'deploy/influxdb/influxdb.prod.conf']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('bind-address = "127.0.0.1:8086"');
      writeFileSync(join(dir, 'bad-influxdb.conf'), '[http\nbind-address = 1');
      expect(run('influxd', ['config', '-config', join(dir, 'bad-influxdb.conf')]).status).not.toBe(0);
    });
  });

  describe("nginx site (Debian's nginx -t)", () => {
    it('passes nginx -t with a certificate in place, and a broken copy fails', () => {
      const cert = makeTestCertificate(dir);
      const site = localNginxSite(readFileSync(join(ROOT, SHIPPED_NGINX_SITE), 'utf8'), {
        httpPort: 8080,
        httpsPort: 8443,
        upstreamPort: 3000,
        certFile: cert.certFile,
        keyFile: cert.keyAndCertFile,
      });
      const ok = nginxTest(writeNginxConfig(join(dir, 'nginx'), site), join(dir, 'nginx'));
      expect(ok).toEqual({ ok: true, output: expect.stringContaining('test is successful') });
      const broken = nginxTest(writeNginxConfig(join(dir, 'nginx-broken'), site.replace('proxy_http_version 1.1;', 'proxy_http_version 1.1')), join(dir, 'nginx-broken'));
      expect(broken.ok).toBe(false);
    });

    it('upgrades socket.io to WebSocket, forwards the client address, and redirects HTTP to HTTPS', () => {
      const site = readFileSync(join(ROOT, SHIPPED_NGINX_SITE), 'utf8');
      expect(site).toMatch(/location \/socket\.io\/ \{[^}]*proxy_set_header Upgrade \$http_upgrade;[^}]*proxy_set_header Connection \$langxanh_connection;/s);
      expect(site.match(/proxy_set_header X-Forwarded-For \$remote_addr;/g)).toHaveLength(2);
      expect(site).toContain('return 301 https://$host$request_uri;');
      // the address the ingester must trust is the proxy's own: the env template says so
      expect(readFileSync(join(ROOT, SHIPPED_ENV_EXAMPLE), 'utf8').split('\n')).toContain('TRUST_PROXY=127.0.0.2');
    });
  });

  describe('containers (no Docker engine here: validated, not built)', () => {
    it('the Dockerfile parses without a diagnostic, builds from node:20-bookworm-slim in two stages and runs as a non-root user', () => {
      const text = readFileSync(join(ROOT, 'deploy/container/Dockerfile'), 'utf8');
      expect(validateDockerfile(text)).toEqual([]);
      expect(validateDockerfile(text.replace('WORKDIR /app', 'WORKDR /app')).length).toBeGreaterThan(0);
      const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
      expect(froms).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
      const runStage = text.slice(text.lastIndexOf('\nFROM '));
      expect(runStage).toMatch(/^USER node$/m);
      expect(runStage).toContain(`"${BUILT_INGESTER}"`);
      // every file copied from the build context exists in the repository
      for (const [, sources] of runStage.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
        for (const source of sources.split(' ')) expect(existsSync(join(ROOT, source))).toBe(true);
      }
    });

    it('docker-compose config accepts compose.yaml, and refuses a broken copy', () => {
      const envFile = join(dir, 'compose.env');
      writeFileSync(envFile, readFileSync(join(ROOT, SHIPPED_ENV_EXAMPLE), 'utf8'));
      const compose = join(ROOT, 'deploy/container/compose.yaml');
      const ok = run('docker-compose', ['-p', 'langxanh', '-f', compose, 'config'], { LANGXANH_ENV_FILE: envFile });
      expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
      const services = parseAllDocuments(ok.stdout)[0].toJS().services;
      expect(Object.keys(services).sort()).toEqual(['influxdb', 'ingester', 'mosquitto']);
      expect(services.ingester.environment.NODE_ENV).toBe('production');
      expect(services.influxdb.image).toMatch(/^influxdb:1\./);
      const broken = join(ROOT, 'deploy/container', `.broken-${process.pid}.yaml`);
      try {
        writeFileSync(broken, readFileSync(compose, 'utf8').replace('restart: unless-stopped', 'restart: [unless-stopped]'));
        expect(run('docker-compose', ['-p', 'langxanh', '-f', broken, 'config', '-q'], { LANGXANH_ENV_FILE: envFile }).status).not.toBe(0);
      } finally {
        rmSync(broken, { force: true });
      }
    });
  });

  describe('Kubernetes manifests (kubernetes-models schemas)', () => {
    const validate = (files: string[] = []) => run(process.execPath, ['deploy/k8s/validate.mjs', ...files]);
    const reports = (stdout: string) =>
      stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; kind: string; name: string; ok: boolean });

    it('every object validates against the Kubernetes schemas, and an invalid one is refused', () => {
      const all = validate();
      expect(all.status).toBe(0);
      const kinds = reports(all.stdout).map((r) => `${r.kind}/${r.name}`);
      for (const expected of ['Deployment/langxanh-ingester', 'Service/langxanh-ingester', 'ConfigMap/langxanh-config', 'Secret/langxanh-secrets', 'PersistentVolumeClaim/langxanh-state', 'Ingress/langxanh']) {
        expect(kinds).toContain(expected);
      }
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, readFileSync(join(ROOT, 'deploy/k8s/ingester.yaml'), 'utf8').replace('containerPort: 3000', 'containerPort: http'));
      const refused = validate([bad]);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toContain('containerPort must be integer');
    });

    it('probes the ingester on /api/health/live and /api/health/ready; kustomization lists every manifest', () => {
      const deployment = parseAllDocuments(readFileSync(join(ROOT, 'deploy/k8s/ingester.yaml'), 'utf8'))[0].toJS();
      const container = deployment.spec.template.spec.containers[0];
      expect(container.livenessProbe.httpGet.path).toBe('/api/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/api/health/ready');
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      const listed = parseAllDocuments(readFileSync(join(ROOT, 'deploy/k8s/kustomization.yaml'), 'utf8'))[0].toJS().resources;
      const files = reports(validate().stdout).map((r) => r.file);
      expect([...new Set(files)].sort()).toEqual([...listed].sort());
    });
  });

  it('the env template becomes a valid production file by replacing its CHANGE_ME values', () => {
    const template = readFileSync(join(ROOT, SHIPPED_ENV_EXAMPLE), 'utf8');
    const placeholders = template.split('\n').filter((l) => l.endsWith('=CHANGE_ME')).map((l) => l.split('=')[0]);
    expect(placeholders.sort()).toEqual(['ADMIN_PASSWORD', 'AUTH_JWT_SECRET', 'MQTT_PASSWORD']);
    const filled = renderEnvFile(template, { AUTH_JWT_SECRET: 'x'.repeat(48), ADMIN_PASSWORD: 'y', MQTT_PASSWORD: undefined, EXTRA: '1' });
    expect(filled).toContain('AUTH_JWT_SECRET=xxxx');
    expect(filled).not.toContain('MQTT_PASSWORD');
    expect(filled.endsWith('EXTRA=1\n')).toBe(true);
  });
});
