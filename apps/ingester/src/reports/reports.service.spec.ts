import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { parse } from 'csv-parse/sync';
import { InfluxStorageError } from '@langxanh/storage-influx';
import { ApiError, ApiErrorCode } from '../common/errors';
import { validateEnv, type Env } from '../config/env';
import { RegistryService } from '../registry/registry.service';
import type { ReadingsRepository, ValidSampleStatsQuery } from '../storage/readings.repository';
import { ReportsService } from './reports.service';

describe('ReportsService (readings repository mocked)', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json') }),
  );
  const registry = new RegistryService(config);
  const setup = (fail?: Error) => {
    const readings = {
      validHourlyMeans: async () => {
        if (fail) throw fail;
        return new Map();
      },
      validSampleStats: async (q: ValidSampleStatsQuery) => {
        if (fail) throw fail;
        const counts = Object.entries(q.thresholds).filter(([, x]) => x !== undefined);
        return { samples: 0, excluded: 0, max: null, min: null, ...Object.fromEntries(counts.map(([name]) => [name, 0])) };
      },
    } as unknown as ReadingsRepository;
    return new ReportsService(registry, readings);
  };
  const code = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error instanceof ApiError ? error.code : String(error);
    }
    return 'resolved';
  };
  const from = Date.parse('2026-11-01T00:00:00+07:00');
  const to = Date.parse('2026-12-01T00:00:00+07:00');

  it('gives every air station of the registry in the AQI overview, without a value when nothing is stored', async () => {
    const overview = await setup().aqiOverview(Date.parse('2026-11-29T08:30:00Z'));
    const air = registry.stations.all().filter((r) => r.station.kind === 'air');
    expect(overview.stations.map((s) => s.station)).toEqual(air.map((r) => r.station.id));
    expect(overview.stations.every((s) => s.aqi === null)).toBe(true);
  });

  it('refuses unknown stations, VN_AQI of a non-air station and bad ranges', async () => {
    const service = setup();
    expect(await code(service.compliance('nope', from, to, to))).toBe(ApiErrorCode.NotFound);
    expect(() => service.airStation('pk-ww-01')).toThrow(/VN_AQI is for air stations/);
    expect(await code(service.compliance('pk-ww-01', to, from, to))).toBe(ApiErrorCode.BadRequest);
    expect(await code(service.compliance('pk-ww-01', from, from + 401 * 86_400_000, to))).toBe(ApiErrorCode.BadRequest);
  });

  it("answers a request the storage refuses as too large as the caller's 400, any other failure as 503", async () => {
    const refused = new InfluxStorageError('INVALID_INPUT', 'more than 10000 flagged samples: shorten the range');
    expect(await code(setup(refused).compliance('pk-ww-01', from, to, to))).toBe(ApiErrorCode.BadRequest);
    const down = new InfluxStorageError('UNREACHABLE', 'connect ECONNREFUSED');
    expect(await code(setup(down).compliance('pk-ww-01', from, to, to))).toBe(ApiErrorCode.StorageUnavailable);
    expect(await code(setup(down).aqiOverview(to))).toBe(ApiErrorCode.StorageUnavailable);
  });

  it('names the CSV file after the station and the Vietnam dates of the period', async () => {
    const service = setup();
    const report = await service.compliance('pk-ww-01', from, to, to);
    expect(report.rows.length).toBeGreaterThan(0);
    expect(service.complianceFile(report).filename).toBe('langxanh-compliance_pk-ww-01_2026-11-01_2026-11-30.csv');
  });

  // regression (issue 18): the month's report counted days that had not happened ("53 / 44 640 samples, 0.1 %"),
  // in the report and in its CSV
  it('counts only the elapsed part of a period still under way, in the report and its CSV', async () => {
    const service = setup();
    const now = Date.parse('2026-11-07T10:00:00+07:00'); // 6 days and 10 hours into November
    const report = await service.compliance('pk-ww-01', from, to, now);
    const interval = registry.get('pk-ww-01')!.station.expectedIntervalS;
    const elapsedSamples = Math.floor((now - from) / 1000 / interval);
    for (const row of report.rows) {
      expect(row.expected).toBe(elapsedSamples);
      expect(row.to).toBe(new Date(now).toISOString());
    }
    expect(report.until).toBe(new Date(now).toISOString());
    expect(report.to).toBe(new Date(to).toISOString());
    const [header, ...lines] = parse(service.complianceFile(report).text, { bom: true }) as string[][];
    expect(lines.map((line) => Number(line[header.indexOf('expected')]))).toEqual(report.rows.map(() => elapsedSamples));
    expect(lines.map((line) => line[header.indexOf('to')])).toEqual(report.rows.map(() => '2026-11-07T10:00:00+07:00'));
    // a period that has not begun has nothing to count
    expect(await code(service.compliance('pk-ww-01', now + 86_400_000, to, now))).toBe(ApiErrorCode.BadRequest);
  });
});
