import type { InfluxSeries } from './query-result';
import { InfluxInputError } from './errors';
import { MAX_BUCKETS } from './influx-storage';
import { minuteBucketsByStation } from './minute-buckets';

const M = 60_000;
const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);

/** A `query` that records each statement and answers with `series`. */
function fakeStorage(series: InfluxSeries[] = []) {
  const statements: string[] = [];
  return {
    statements,
    storage: {
      query: async <T>(statement: string) => {
        statements.push(statement);
        return series as InfluxSeries<T>[];
      },
    },
  };
}

describe('minuteBucketsByStation', () => {
  it('sends one statement for every parameter and station of the kind, grouped by minute and station', async () => {
    const { storage, statements } = fakeStorage();
    await minuteBucketsByStation(storage, {
      kind: 'air',
      parameters: ['PM2.5', 'NO2', 'PM2.5'],
      from: T0,
      to: T0 + 60 * M,
    });
    expect(statements).toEqual([
      `SELECT mean("PM2.5") AS "m0", count("PM2.5") AS "n0", mean("NO2") AS "m1", count("NO2") AS "n1" FROM "air" ` +
        `WHERE time >= ${T0}ms AND time < ${T0 + 60 * M}ms GROUP BY time(60s), "station" fill(none)`,
    ]);
  });

  it('limits the statement to the stations asked for, quoted', async () => {
    const { storage, statements } = fakeStorage();
    await minuteBucketsByStation(storage, {
      kind: 'air',
      stations: ['vm-air-01', 'vm-air-02'],
      parameters: ['CO'],
      from: T0,
      to: T0 + M,
    });
    expect(statements[0]).toContain(`AND ("station" = 'vm-air-01' OR "station" = 'vm-air-02') GROUP BY`);
  });

  it('returns station → parameter → non-empty minutes in time order', async () => {
    const { storage } = fakeStorage([
      {
        name: 'air',
        tags: { station: 'vm-air-01' },
        statementId: 0,
        rows: [
          { time: T0 + M, m0: 12, n0: 2, m1: null, n1: 0 },
          { time: T0, m0: 10.5, n0: 1, m1: 40, n1: 1 },
        ],
      },
      {
        name: 'air',
        tags: { station: 'vm-air-02' },
        statementId: 0,
        rows: [{ time: T0, m0: null, n0: 0, m1: 7, n1: 3 }],
      },
      {
        name: 'air',
        tags: { station: 'vm-air-03' },
        statementId: 0,
        rows: [{ time: T0, m0: null, n0: 0, m1: null, n1: 0 }],
      },
    ]);
    const out = await minuteBucketsByStation(storage, {
      kind: 'air',
      parameters: ['PM2.5', 'NO2'],
      from: T0,
      to: T0 + 2 * M,
    });
    expect([...out.keys()]).toEqual(['vm-air-01', 'vm-air-02']);
    expect(out.get('vm-air-01')?.get('PM2.5')).toEqual([
      { time: T0, mean: 10.5, count: 1 },
      { time: T0 + M, mean: 12, count: 2 },
    ]);
    expect(out.get('vm-air-01')?.get('NO2')).toEqual([{ time: T0, mean: 40, count: 1 }]);
    expect(out.get('vm-air-02')?.has('PM2.5')).toBe(false);
    expect(out.get('vm-air-02')?.get('NO2')).toEqual([{ time: T0, mean: 7, count: 3 }]);
  });

  it('makes no request for no parameters or no stations', async () => {
    const { storage, statements } = fakeStorage();
    expect(
      (await minuteBucketsByStation(storage, { kind: 'air', parameters: [], from: T0, to: T0 + M })).size,
    ).toBe(0);
    expect(
      (
        await minuteBucketsByStation(storage, {
          kind: 'air',
          stations: [],
          parameters: ['CO'],
          from: T0,
          to: T0 + M,
        })
      ).size,
    ).toBe(0);
    expect(statements).toEqual([]);
  });

  it.each([
    ['an unknown kind', { kind: 'water' as never }],
    ['a parameter outside the kind catalogue', { parameters: ['fill_pct'] }],
    ['an identifier with a quote', { parameters: ['PM2.5" OR 1=1'] }],
    ['a station that is not a slug', { stations: ["x' OR '1'='1"] }],
    ['from ≥ to', { from: T0 + M, to: T0 }],
    ['a fractional time', { from: T0 + 0.5 }],
    ['a negative time', { from: -M }],
    ['too many minutes', { to: T0 + (MAX_BUCKETS + 1) * M }],
  ])('refuses %s before any request', async (_, override) => {
    const { storage, statements } = fakeStorage();
    await expect(
      minuteBucketsByStation(storage, { kind: 'air', parameters: ['CO'], from: T0, to: T0 + M, ...override }),
    ).rejects.toBeInstanceOf(InfluxInputError);
    expect(statements).toEqual([]);
  });
});
