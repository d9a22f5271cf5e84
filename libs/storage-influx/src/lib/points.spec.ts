import type { Reading } from '@langxanh/contracts';
import fixtures from '../fixtures/line-protocol.json';
import { sampleAlert } from '../test/samples';
import { alertToLine, documentToLine, readingToLine } from './points';

describe('readingToLine', () => {
  it.each(fixtures)('$name', ({ reading, line }) => {
    expect(readingToLine(reading as unknown as Reading)).toEqual({ line, skipped: [] });
  });

  it('skips non-finite values and gives no line when none is left', () => {
    const reading = {
      cluster: 'c',
      kind: 'air',
      station: 's',
      time: 1,
      values: { 'PM2.5': Number.NaN, PM10: 3 },
      status: {},
    } as unknown as Reading;
    expect(readingToLine(reading)).toEqual({ line: 'air,cluster=c,station=s PM10=3 1', skipped: ['PM2.5'] });
    expect(readingToLine({ ...reading, values: { x: Infinity } }).line).toBeUndefined();
  });
});

describe('alertToLine', () => {
  it('writes tags cluster/station/rule/parameter and fields json/state at the given ms', () => {
    const line = alertToLine(sampleAlert, 1764403560000);
    expect(
      line.startsWith('alert,cluster=phong-khe,parameter=COD,rule=qcvn40-2011-B/COD,station=pk-ww-01 json="'),
    ).toBe(true);
    expect(line.endsWith(',state="active" 1764403560000')).toBe(true);
    const json = /json="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
    expect(JSON.parse((json ?? '').replace(/\\(["\\])/g, '$1'))).toEqual(sampleAlert);
  });
});

describe('documentToLine', () => {
  it('writes tags, the key and the JSON document as string fields, escaping quotes', () => {
    expect(documentToLine('alert_silence', { cluster: 'phong-khe', station: '' }, 's-1', { reason: 'bảo trì "A"' }, 5)).toBe(
      'alert_silence,cluster=phong-khe json="{\\"reason\\":\\"bảo trì \\\\\\"A\\\\\\"\\"}",key="s-1" 5',
    );
  });
});
