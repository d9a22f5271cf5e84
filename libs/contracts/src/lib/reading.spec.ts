import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fixtures from '../fixtures/readings.json';
import { parseRegistry, StationIndex } from './registry';
import { validateReading } from './reading';
import { parseTopic } from './topics';

const registryDocument: unknown = JSON.parse(
  readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8'),
);
const stations = new StationIndex(parseRegistry(registryDocument));
const now = Date.parse('2026-11-30T04:00:00Z');

interface Fixture {
  name: string;
  topic: string;
  payload: string;
  expect: {
    reading?: false;
    time?: string;
    values?: Record<string, number>;
    status?: Record<string, string>;
    rejections: string[];
  };
}

describe('validateReading (fixtures/readings.json)', () => {
  it.each((fixtures as Fixture[]).map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const topic = parseTopic(fixture.topic);
    expect(topic).toBeDefined();
    const outcome = validateReading(topic!, fixture.payload, { stations, now });
    expect(outcome.rejections.map((r) => r.reason)).toEqual(fixture.expect.rejections);
    if (fixture.expect.reading === false) {
      expect(outcome.reading).toBeUndefined();
      return;
    }
    expect(new Date(outcome.reading!.time).toISOString()).toBe(fixture.expect.time);
    expect(outcome.reading!.values).toEqual(fixture.expect.values);
    if (fixture.expect.status) expect(outcome.reading!.status).toEqual(fixture.expect.status);
  });

  it('checks the size before parsing', () => {
    const topic = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
    const big = JSON.stringify({ ts: 1, values: { COD: 1 }, pad: 'x'.repeat(20_000) });
    expect(validateReading(topic, big, { stations, now }).rejections.map((r) => r.reason)).toEqual([
      'too_large',
    ]);
  });

  it('refuses an oversized Buffer without decoding or parsing it', () => {
    const topic = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
    const parse = jest.spyOn(JSON, 'parse');
    const decode = jest.spyOn(TextDecoder.prototype, 'decode');
    try {
      const big = Buffer.alloc(10_000_000, '[');
      const outcome = validateReading(topic, big, { stations, now });
      expect(outcome.rejections.map((r) => r.reason)).toEqual(['too_large']);
      expect(parse).not.toHaveBeenCalled();
      expect(decode).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      decode.mockRestore();
    }
  });

  it('refuses deep nesting by a scan, without handing it to JSON.parse', () => {
    const topic = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const deep = `${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}`;
      const outcome = validateReading(topic, deep, { stations, now, maxBytes: 5_000_000 });
      expect(outcome.rejections.map((r) => r.reason)).toEqual(['too_deep']);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('parses a bounded, shallow payload once', () => {
    const topic = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
    const parse = jest.spyOn(JSON, 'parse');
    try {
      validateReading(topic, '{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":85.2}}', { stations, now });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads a Buffer payload the same as a string', () => {
    const topic = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
    const payload = '{"ts":"2026-11-29T14:05:00+07:00","values":{"COD":85.2}}';
    const outcome = validateReading(topic, Buffer.from(payload), { stations, now });
    expect(outcome.reading?.values).toEqual({ COD: 85.2 });
  });
});

describe('parseTopic', () => {
  it.each([
    [
      'langxanh/v1/phong-khe/air/pk-air-01/reading',
      { cluster: 'phong-khe', kind: 'air', station: 'pk-air-01', channel: 'reading' },
    ],
    [
      'langxanh/v1/phong-khe/waste/pk-bin-01/status',
      { cluster: 'phong-khe', kind: 'waste', station: 'pk-bin-01', channel: 'status' },
    ],
  ])('splits %s', (topic, parts) => expect(parseTopic(topic)).toEqual(parts));

  it.each([
    'langxanh/v2/phong-khe/air/pk-air-01/reading',
    'langxanh/v1/phong-khe/soil/pk-air-01/reading',
    'langxanh/v1/phong-khe/air/pk-air-01/other',
    'langxanh/v1/Phong-Khe/air/pk-air-01/reading',
    'langxanh/v1/phong-khe/air//reading',
    'langxanh/v1/phong-khe/air/+/reading',
    'langxanh/v1/phong-khe/air/$sys/reading',
    'langxanh/v1/phong-khê/air/pk-air-01/reading',
    'langxanh/v1/phong-khe/air/pk-air-01/reading/extra',
  ])('refuses %s', (topic) => expect(parseTopic(topic)).toBeUndefined());
});

describe('the shipped registry', () => {
  it('has the six Bắc Ninh clusters, each with a wastewater outlet, air stations and waste points', () => {
    const registry = parseRegistry(registryDocument);
    expect(registry.clusters.map((c) => c.id)).toEqual([
      'phong-khe',
      'da-hoi',
      'van-mon',
      'dong-ky',
      'dai-bai',
      'phu-lang',
    ]);
    for (const cluster of registry.clusters) {
      const kinds = cluster.stations.map((s) => s.kind);
      expect(kinds.filter((k) => k === 'wastewater')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'air').length).toBeGreaterThanOrEqual(1);
      expect(kinds.filter((k) => k === 'waste').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('rejects a duplicate station id with its path', () => {
    const doc = structuredClone(registryDocument) as { clusters: { stations: { id: string }[] }[] };
    doc.clusters[1].stations[0].id = doc.clusters[0].stations[0].id;
    expect(() => parseRegistry(doc)).toThrow(/clusters\.1\.stations\.0\.id: duplicate station id "pk-ww-01"/);
  });
});

describe('issue 15 regressions (hostile trial)', () => {
  const air = parseTopic('langxanh/v1/phong-khe/air/pk-air-01/reading')!;
  const bin = parseTopic('langxanh/v1/phong-khe/waste/pk-bin-01/reading')!;
  const ww = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
  const ts = '2026-11-30T10:00:00+07:00';

  it('item 4: keeps a bin fill above 100 % with the quality flag over_range, and drops an impossible one', () => {
    const over = validateReading(bin, JSON.stringify({ ts, values: { fill: 104.5, battery: 80.5 } }), {
      stations,
      now,
    });
    expect(over.rejections).toEqual([]);
    expect(over.reading?.values).toEqual({ fill: 104.5, battery: 80.5 });
    expect(over.reading?.quality).toEqual({ fill: 'over_range' });
    const inRange = validateReading(bin, JSON.stringify({ ts, values: { fill: 99.5 } }), { stations, now });
    expect(inRange.reading?.quality).toBeUndefined();
    for (const fill of [250.5, -3.5]) {
      const bad = validateReading(bin, JSON.stringify({ ts, values: { fill, battery: 80.5 } }), {
        stations,
        now,
      });
      expect(bad.rejections.map((r) => [r.parameter, r.reason])).toEqual([['fill', 'out_of_range']]);
    }
    // A negative or over-bound concentration stays rejected: no flagged range.
    const cod = validateReading(ww, JSON.stringify({ ts, values: { COD: -1.5, pH: 7.1 } }), {
      stations,
      now,
    });
    expect(cod.rejections.map((r) => r.reason)).toEqual(['out_of_range']);
  });

  it('item 5: honours a singular unit (0.035 mg/m³ is 35 µg/m³), never ignores an unusable one', () => {
    const honoured = validateReading(air, JSON.stringify({ ts, values: { 'PM2.5': 0.035 }, unit: 'mg/m³' }), {
      stations,
      now,
    });
    expect(honoured.reading?.values).toEqual({ 'PM2.5': 35 });
    const perValueWins = validateReading(
      air,
      JSON.stringify({ ts, values: { 'PM2.5': 0.035, PM10: 41.5 }, unit: 'mg/m³', units: { PM10: 'µg/m³' } }),
      { stations, now },
    );
    expect(perValueWins.reading?.values).toEqual({ 'PM2.5': 35, PM10: 41.5 });
    for (const payload of [
      { ts, values: { 'PM2.5': 0.035 }, UNIT: 'mg/m³' },
      { ts, values: { 'PM2.5': 0.035 }, uom: 'mg/m³' },
      { ts, values: { 'PM2.5': 0.035, unit: 'mg/m³' } },
      { ts, values: { 'PM2.5': 0.035 }, units: { PM25: 'mg/m³' } },
    ]) {
      const refused = validateReading(air, JSON.stringify(payload), { stations, now });
      expect({ payload, reasons: refused.rejections.map((r) => r.reason), reading: refused.reading }).toEqual(
        {
          payload,
          reasons: ['unit_declaration'],
          reading: undefined,
        },
      );
    }
    expect(
      validateReading(air, JSON.stringify({ ts, values: { 'PM2.5': 35 }, unit: 5 }), {
        stations,
        now,
      }).rejections.map((r) => r.reason),
    ).toEqual(['bad_shape']);
  });

  it('item 7: reads a space-separated RFC 3339 time like the T form', () => {
    const spaced = validateReading(
      ww,
      JSON.stringify({ ts: '2026-11-30 10:00:00+07:00', values: { COD: 85.5 } }),
      {
        stations,
        now,
      },
    );
    expect(spaced.rejections).toEqual([]);
    expect(spaced.reading?.time).toBe(Date.parse('2026-11-30T03:00:00Z'));
    expect(spaced.normalisations.map((n) => n.rule)).toEqual(['space_separated_time']);
  });
});
