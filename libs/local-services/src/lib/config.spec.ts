import { renderInfluxdConfig } from './influxd';
import { renderMosquittoConfig } from './mosquitto';

describe('renderMosquittoConfig', () => {
  const config = renderMosquittoConfig({
    port: 18831,
    dataDir: '/tmp/langxanh-mosquitto-x',
    maxQueuedMessages: 0,
    maxInflightMessages: 100,
    runAsUser: 'root',
    extraConfig: ['max_keepalive 60'],
  });
  const lines = config.split('\n');

  it('listens on loopback only, anonymous (tests only), with persistence in the data folder', () => {
    expect(lines).toContain('listener 18831 127.0.0.1');
    expect(lines).toContain('allow_anonymous true');
    expect(lines).toContain('persistence true');
    expect(lines).toContain('persistence_location /tmp/langxanh-mosquitto-x/');
    expect(config).toMatch(/tests only/i);
  });

  it('never drops messages for a lagging subscriber silently', () => {
    expect(lines).toContain('max_queued_messages 0');
    expect(lines).toContain('max_queued_bytes 0');
    expect(lines).toContain('max_inflight_messages 100');
  });

  it('bounds the packet size (1 MiB), so that a 20 MB payload never reaches the ingester', () => {
    expect(lines).toContain('max_packet_size 1048576');
  });

  it('keeps root when run as root and appends extra lines last', () => {
    expect(lines).toContain('user root');
    expect(lines.filter(Boolean).at(-1)).toBe('max_keepalive 60');
  });

  it('has no end-of-line comments (mosquitto.conf does not support them)', () => {
    for (const line of lines) if (!line.startsWith('#')) expect(line).not.toContain('#');
  });

  it('rejects multi-line extra config', () => {
    expect(() =>
      renderMosquittoConfig({
        port: 1,
        dataDir: '/tmp/x',
        maxQueuedMessages: 0,
        maxInflightMessages: 20,
        extraConfig: ['a\nallow_anonymous false'],
      }),
    ).toThrow(/single lines/);
  });
});

describe('renderInfluxdConfig', () => {
  const config = renderInfluxdConfig({ httpPort: 18086, rpcPort: 18088, dataDir: '/tmp/influx "x"' });

  it('binds HTTP and RPC to loopback and keeps every folder in the data dir', () => {
    expect(config).toContain('bind-address = "127.0.0.1:18088"');
    expect(config).toContain('  bind-address = "127.0.0.1:18086"');
    expect(config).toContain('  dir = "/tmp/influx \\"x\\"/meta"');
    expect(config).toContain('  dir = "/tmp/influx \\"x\\"/data"');
    expect(config).toContain('  wal-dir = "/tmp/influx \\"x\\"/wal"');
  });

  it('disables reporting, the monitor store and HTTP request logs', () => {
    expect(config).toMatch(/^reporting-disabled = true$/m);
    expect(config).toMatch(/\[monitor\]\n {2}store-enabled = false/);
    expect(config).toMatch(/\[http\][^[]*log-enabled = false/);
    expect(config).toMatch(/auth-enabled = false/);
    expect(config).not.toMatch(/udp|graphite|opentsdb|collectd/i);
  });
});
