import corpus from '../fixtures/hostile-payloads.json';
import { hostilePayloadBytes, type HostileCorpusEntry } from './hostile-corpus';
import { hasReadingShape, readingPayloadSchema } from './reading';

/**
 * The hand-checked common path of validation (`hasReadingShape`) may only ever say "certainly valid": whenever it
 * does, zod's schema must accept the same document with the same fields. Anything else goes to zod, which words
 * the error, so the rejections cannot differ.
 */
const base = { ts: 1_767_225_600_000, values: { 'PM2.5': 5.1 } };
const variants: Record<string, unknown>[] = [
  base,
  { ...base, ts: '2026-01-01T07:00:00+07:00' },
  { ...base, ts: null },
  { ...base, ts: true },
  { ...base, ts: {} },
  { ts: 1 },
  { ...base, values: null },
  { ...base, values: 'x' },
  { ...base, values: {} },
  { ...base, values: { a: null, b: 'x', c: [1], d: {} } },
  { ...base, status: '00' },
  { ...base, status: '01' },
  { ...base, status: '02' },
  { ...base, status: '03' },
  { ...base, status: 0 },
  { ...base, status: null },
  { ...base, status: {} },
  { ...base, status: { 'PM2.5': '01' } },
  { ...base, status: { 'PM2.5': '1' } },
  { ...base, status: { 'PM2.5': null } },
  { ...base, status: { 'PM2.5': '00', PM10: 2 } },
  { ...base, units: {} },
  { ...base, units: { 'PM2.5': 'ug/m3' } },
  { ...base, units: { 'PM2.5': 3 } },
  { ...base, units: { 'PM2.5': null } },
  { ...base, units: 'ug/m3' },
  { ...base, units: null },
  { ...base, unit: 'mg/m3' },
  { ...base, unit: 3 },
  { ...base, unit: null },
  { ...base, station: 'BN-AIR-01' },
  { ...base, station: 'x'.repeat(200) },
  { ...base, station: 'x'.repeat(201) },
  { ...base, station: 'ắ'.repeat(200) },
  { ...base, station: 'ắ'.normalize('NFD').repeat(100) },
  { ...base, station: 5 },
  { ...base, station: null },
  { ...base, extra: { deep: [1, 2] }, Note: 'ignored' },
];

function documents(): unknown[] {
  const parsed: unknown[] = [...variants];
  for (const entry of corpus.entries as unknown as HostileCorpusEntry[]) {
    try {
      const text = Buffer.from(hostilePayloadBytes(entry.payload)).toString('utf8').replace(/^\uFEFF/, '');
      parsed.push(JSON.parse(text));
    } catch {
      // not JSON: refused before the shape is looked at
    }
  }
  return parsed.filter((d) => typeof d === 'object' && d !== null && !Array.isArray(d));
}

describe('hasReadingShape (validation common path)', () => {
  const docs = documents() as Record<string, unknown>[];

  it('never says valid where the schema refuses, and reads the same fields', () => {
    let fast = 0;
    for (const doc of docs) {
      const schema = readingPayloadSchema.safeParse(doc);
      if (!hasReadingShape(doc)) continue;
      fast++;
      expect({ doc, success: schema.success }).toEqual({ doc, success: true });
      if (!schema.success) continue;
      for (const field of ['ts', 'values', 'status', 'units', 'unit', 'station'] as const) {
        expect(doc[field]).toEqual(schema.data[field]);
      }
    }
    // Not vacuous: most of the corpus and the plain variants take the fast path.
    expect(fast).toBeGreaterThan(40);
  });

  it('says valid for the load generator payload and the common forms', () => {
    expect(hasReadingShape({ ...base })).toBe(true);
    expect(hasReadingShape({ ...base, status: { 'PM2.5': '02' }, units: { 'PM2.5': 'µg/m³' } })).toBe(true);
    expect(hasReadingShape({ ...base, station: 'x'.repeat(201) })).toBe(false);
    expect(hasReadingShape({ ...base, status: '03' })).toBe(false);
  });
});
