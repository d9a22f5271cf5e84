import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { ReadingPayload, StationTopic } from '@langxanh/contracts';
import { validateEnv, type Env } from '../config/env';
import type { IngestService } from '../ingest/ingest.service';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { Tt10Inbox } from './tt10-inbox';
import { Tt10IntakeService } from './tt10-intake.service';

/** db-ww-01 is BN_DAIBAI_NT01 and dh-air-02 is BN_DAHOI_KK02 in deploy/registry/bac-ninh.json. */
const WW = 'db-ww-01';
const AIR = 'dh-air-02';
const NOW = Date.parse('2026-12-07T06:00:00Z');
const row = (...fields: string[]) => fields.join('\t');
const wwFile = (stamp: string, cod = '45.2') =>
  [
    row('COD', cod, 'mg/L', stamp, '00'),
    row('pH', '7,1', '', stamp, '01'),
    row('TSS', '30', 'mg/L', stamp, '02'),
  ].join('\r\n');

describe('Tt10IntakeService', () => {
  let dir: string;
  let handled: { topic: StationTopic; payload: ReadingPayload }[];
  let spoolFails: boolean;
  let refuse: Set<number>;
  let metrics: MetricsService;
  let service: Tt10IntakeService;

  const upload = (account: string, name: string, content: string) => {
    mkdirSync(join(dir, 'home', account), { recursive: true });
    writeFileSync(join(dir, 'home', account, name), content);
  };
  const home = (account: string) => readdirSync(join(dir, 'home', account));
  const count = async (outcome: string) =>
    (await metrics.tt10Files.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'langxanh-tt10-'));
    handled = [];
    spoolFails = false;
    refuse = new Set();
    const config = new ConfigService<Env, true>(
      validateEnv({
        REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'),
        TT10_FTP_DIR: dir,
      }),
    );
    // The ingest path as a fake: a payload whose `ts` is in `refuse` is refused as in the future, the others stored.
    const ingest = {
      ingestBatch: async (topic: StationTopic, payloads: readonly ReadingPayload[]) => {
        if (spoolFails) throw new Error('ENOSPC: no space left on device');
        return payloads.map((payload) => {
          if (refuse.has(Number(payload.ts)))
            return { rejections: [{ reason: 'time_out_of_bounds', detail: 'ahead of now' }], duplicate: false };
          handled.push({ topic, payload });
          return { reading: {}, rejections: [], duplicate: false };
        });
      },
    } as unknown as IngestService;
    metrics = new MetricsService();
    service = new Tt10IntakeService(
      new Tt10Inbox(config),
      ingest,
      new RegistryService(config),
      metrics,
      config,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands each measurement time of a file to the ingest path, then moves the file to processed/', async () => {
    upload(WW, 'BN_DAIBAI_NT01_20261207120500.txt', wwFile('20261207120500'));
    await service.scan(() => NOW);
    expect(handled).toEqual([
      {
        topic: { cluster: 'dai-bai', kind: 'wastewater', station: WW, channel: 'reading' },
        payload: {
          ts: Date.parse('2026-12-07T05:05:00Z'),
          values: { COD: 45.2, pH: 7.1, TSS: 30 },
          status: { COD: '00', pH: '01', TSS: '02' },
          units: { COD: 'mg/L', TSS: 'mg/L' },
        },
      },
    ]);
    expect(home(WW)).toEqual([]);
    expect(existsSync(join(dir, 'processed', WW, '2026-12-07', 'BN_DAIBAI_NT01_20261207120500.txt'))).toBe(
      true,
    );
    expect(await count('processed')).toBe(1);
  });

  it('stores nothing twice when the same file is uploaded again, and reads a changed one again', async () => {
    upload(WW, 'BN_DAIBAI_NT01_20261207120500.txt', wwFile('20261207120500'));
    await service.scan(() => NOW);
    upload(WW, 'BN_DAIBAI_NT01_20261207120500.txt', wwFile('20261207120500'));
    await service.scan(() => NOW);
    expect(handled).toHaveLength(1);
    expect(home(WW)).toEqual([]);
    expect(await count('duplicate')).toBe(1);
    upload(WW, 'BN_DAIBAI_NT01_20261207120500.txt', wwFile('20261207120500', '46'));
    await service.scan(() => NOW);
    expect(handled.map((h) => h.payload.values['COD'])).toEqual([45.2, 46]);
  });

  it('keeps an earlier file of the same name: a changed re-upload is filed beside it, never over it (newcomer trial)', async () => {
    const name = 'BN_DAIBAI_NT01_20261207120500.txt';
    upload(WW, name, wwFile('20261207120500'));
    await service.scan(() => NOW);
    upload(WW, name, wwFile('20261207120500', '46'));
    await service.scan(() => NOW);
    const day = join(dir, 'processed', WW, '2026-12-07');
    expect(readdirSync(day).sort()).toEqual([name, `${name}.1`]);
    expect(readFileSync(join(day, name), 'utf8')).toContain('45.2');
    expect(readFileSync(join(day, `${name}.1`), 'utf8')).toContain('\t46\t');
  });

  it('lists the readings refused inside a stored file beside it, and rejects a file none of whose readings is stored', async () => {
    const future = Date.parse('2026-12-07T05:10:00Z');
    refuse.add(future);
    const partly = 'BN_DAIBAI_NT01_20261207121000.txt';
    upload(WW, partly, [wwFile('20261207120500'), wwFile('20261207121000')].join('\r\n'));
    await service.scan(() => NOW);
    const stored = join(dir, 'processed', WW, '2026-12-07', partly);
    expect(existsSync(stored)).toBe(true);
    expect(readFileSync(`${stored}.reason.txt`, 'utf8')).toMatch(
      /stored 1 of 2 readings; refused:\n2026-12-07T05:10:00.000Z \(line 4, 5, 6\): time_out_of_bounds: ahead of now/,
    );
    const none = 'BN_DAIBAI_NT01_20261207121500.txt';
    upload(WW, none, wwFile('20261207121000'));
    await service.scan(() => NOW);
    expect(readFileSync(join(dir, 'rejected', WW, `${none}.reason.txt`), 'utf8')).toMatch(
      /no_reading_stored: every reading of the file was refused\n.*time_out_of_bounds/,
    );
    expect(await count('rejected')).toBe(1);
  });

  it('moves a malformed file to rejected/ with its reason, and goes on with the next file', async () => {
    upload(
      WW,
      'BN_DAIBAI_NT01_20261207120500.txt',
      `${row('COD', '45', 'mg/L', '20261207120500', '00')}\nCOD 45 mg/L`,
    );
    upload(WW, 'BN_DAIBAI_NT01_20261207121000.txt', wwFile('20261207121000'));
    await service.scan(() => NOW);
    const rejected = join(dir, 'rejected', WW);
    expect(readdirSync(rejected).sort()).toEqual([
      'BN_DAIBAI_NT01_20261207120500.txt',
      'BN_DAIBAI_NT01_20261207120500.txt.reason.txt',
    ]);
    expect(readFileSync(join(rejected, 'BN_DAIBAI_NT01_20261207120500.txt.reason.txt'), 'utf8')).toMatch(
      /line 2: field_count/,
    );
    expect(handled.map((h) => h.payload.ts)).toEqual([Date.parse('2026-12-07T05:10:00Z')]);
    expect(await count('rejected')).toBe(1);
    expect(await count('processed')).toBe(1);
  });

  it.each([
    [
      'BN_NOWHERE_NT09_20261207120500.txt',
      WW,
      /unknown_station: no registry station has the TT 10 name BN_NOWHERE_NT09/,
    ],
    [
      'BN_DAHOI_KK02_20261207120500.txt',
      WW,
      /wrong_account: BN_DAHOI_KK02 is station dh-air-02, but .* account db-ww-01/,
    ],
    ['readings.txt', AIR, /bad_file_name/],
    ['BN_DAHOI_KK02_20261307120500.txt', AIR, /bad_file_name|bad_time/],
  ])('rejects %s in %s’s folder', async (name, account, reason) => {
    upload(account, name, row('PM2,5', '30', 'µg/m³', '20261207120500', '00'));
    await service.scan(() => NOW);
    expect(handled).toEqual([]);
    expect(readFileSync(join(dir, 'rejected', account, `${name}.reason.txt`), 'utf8')).toMatch(reason);
  });

  it('leaves uploads in progress alone (dot-files, *.part)', async () => {
    upload(AIR, '.pureftpd-upload.5f1a.1.2.3', 'PM2,5\t3');
    upload(AIR, 'BN_DAHOI_KK02_20261207120500.txt.part', 'PM2,5\t3');
    await service.scan(() => NOW);
    expect(home(AIR).sort()).toEqual([
      '.pureftpd-upload.5f1a.1.2.3',
      'BN_DAHOI_KK02_20261207120500.txt.part',
    ]);
    expect(handled).toEqual([]);
  });

  it('keeps a file (and the ones behind it) in place while the spool cannot be written, and takes it later', async () => {
    upload(AIR, 'BN_DAHOI_KK02_20261207120500.txt', row('PM2,5', '30', 'µg/m³', '20261207120500', '00'));
    upload(AIR, 'BN_DAHOI_KK02_20261207121000.txt', row('PM2,5', '31', 'µg/m³', '20261207121000', '00'));
    spoolFails = true;
    await service.scan(() => NOW);
    expect(home(AIR)).toHaveLength(2);
    spoolFails = false;
    await service.scan(() => NOW);
    expect(home(AIR)).toEqual([]);
    expect(handled.map((h) => h.payload.values['PM2.5'])).toEqual([30, 31]);
  });
});
