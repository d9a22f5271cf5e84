import { Point } from '@influxdata/influxdb-client';
import type { Reading } from '@langxanh/contracts';
import fixtures from '../fixtures/line-protocol.json';
import { sampleAlert } from '../test/samples';
import { ProcessingClock, alertToLine, documentToLine, readingToLine } from './points';

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

describe('readingToLine with a quality flag (issue 15, item 4)', () => {
  it('writes <parameter>_quality next to a value kept beyond its range, and nothing for the others', () => {
    const reading = {
      cluster: 'phong-khe',
      kind: 'waste',
      station: 'pk-bin-01',
      time: 5,
      values: { fill: 104, battery: 80 },
      status: {},
      quality: { fill: 'over_range' },
    } as unknown as Reading;
    expect(readingToLine(reading).line).toBe(
      'waste,cluster=phong-khe,station=pk-bin-01 battery=80,fill=104,fill_quality="over_range" 5',
    );
  });
});

describe('readingToLine against the client library\'s Point', () => {
  const viaPoint = (r: Reading) => {
    const point = new Point(r.kind).tag('cluster', r.cluster).tag('station', r.station);
    for (const [parameter, value] of Object.entries(r.values)) {
      point.floatField(parameter, value);
      const status = r.status[parameter] ?? '00';
      if (status !== '00') point.stringField(`${parameter}_status`, status);
      const quality = r.quality?.[parameter];
      if (quality !== undefined) point.stringField(`${parameter}_quality`, quality);
    }
    return point.timestamp(r.time).toLineProtocol({ convertTime: (t) => (typeof t === 'number' ? String(Math.floor(t)) : undefined) });
  };
  it.each([
    { cluster: 'phong-khe', kind: 'air', station: 'pk-air-01', time: 1_764_400_000_123, values: { 'PM2.5': 12.5, PM10: 40, TSP: 80, SO2: 0, NO2: 1e-7, CO: 12345678.9, O3: -0, Temp: 25.25 }, status: {} },
    { cluster: 'c', kind: 'wastewater', station: 's', time: 1.7, values: { pH: 7.1, COD: 85.2, Flow: 3 }, status: { COD: '01', Flow: '02', pH: '00' } },
    { cluster: 'a b,c=d', kind: 'we ird,', station: 'x\ty\nz', time: 5, values: { 'k=1,2 3': 1, 'Z': 2, a: 3, '10': 4, '2': 5 }, status: { a: '02' } },
    { cluster: '', kind: 'air', station: 'st', time: 0, values: { x: 1 }, status: {} },
    { cluster: 'phong-khe', kind: 'waste', station: 'pk-bin-01', time: 9, values: { fill: 104, battery: 80 }, status: {}, quality: { fill: 'over_range' } },
  ])('same text for $kind $station', (reading) => {
    expect(readingToLine(reading as unknown as Reading).line).toBe(viaPoint(reading as unknown as Reading));
  });
  it('same text for a station seen again under another cluster', () => {
    const a = { cluster: 'one', kind: 'air', station: 'same', time: 1, values: { x: 1 }, status: {} } as unknown as Reading;
    const b = { ...a, cluster: 'two' } as Reading;
    expect(readingToLine(a).line).toBe(viaPoint(a));
    expect(readingToLine(b).line).toBe(viaPoint(b));
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

describe('ProcessingClock', () => {
  it('stamps with the clock, strictly increasing when it stands still or goes back', () => {
    const times = [1_000, 1_000, 999, 1_005, 1_005];
    const clock = new ProcessingClock(() => times.shift() ?? 0);
    expect([clock.next(), clock.next(), clock.next(), clock.next(), clock.next()]).toEqual([
      1_000, 1_001, 1_002, 1_005, 1_006,
    ]);
  });

  it('uses Date.now by default (moved from the deleted InfluxStorage.writeAlert test)', () => {
    const before = Date.now();
    const clock = new ProcessingClock();
    const [a, b] = [clock.next(), clock.next()];
    expect(a).toBeGreaterThanOrEqual(before);
    expect(b).toBeGreaterThan(a);
    expect(alertToLine({ ...sampleAlert, state: 'resolved' }, b)).toMatch(/,state="resolved" \d+$/);
  });
});
