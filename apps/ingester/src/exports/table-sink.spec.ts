import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { toVietnamIso } from '@langxanh/contracts';
import { csvSink, vietnamTime } from './table-sink';

describe('vietnamTime', () => {
  it('writes the same text as contracts toVietnamIso, milliseconds only when not zero', () => {
    const times = [
      Date.parse('2026-12-07T08:00:00Z'),
      Date.parse('2026-12-07T16:59:59.999Z'),
      Date.parse('2026-12-31T17:00:00Z'),
      Date.parse('2000-01-01T00:00:00.120Z'),
      ...Array.from({ length: 200 }, (_, i) => 946_684_800_000 + i * 7_919_999_937),
    ];
    for (const t of times) expect(vietnamTime(t)).toBe(toVietnamIso(t));
    expect(vietnamTime(Date.parse('2026-12-07T08:00:00Z'))).toBe('2026-12-07T15:00:00+07:00');
  });
});

describe('csvSink', () => {
  it('writes a BOM, the header and quoted cells that read back with csv-parse', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const sink = csvSink(out, ['Mã trạm', 'Giá trị, "ghi chú"']);
    await sink.row(['pk-ww-01', 1.5]);
    await sink.row(['dòng\nmới', null]);
    await sink.end();
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parse(bytes, { bom: true })).toEqual([
      ['Mã trạm', 'Giá trị, "ghi chú"'],
      ['pk-ww-01', '1.5'],
      ['dòng\nmới', ''],
    ]);
  });
});
