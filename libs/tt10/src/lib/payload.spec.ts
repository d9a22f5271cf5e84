import { parseRegistry, StationIndex, validateReading } from '@langxanh/contracts';
import { parseTt10 } from './parse';
import { tt10Payloads } from './payload';

const T1 = '20261207120500';
const T2 = '20261207121000';
const line = (...fields: string[]) => fields.join('\t');

const contact = { name: 'A', phone: '+84 912 345 678', email: 'a@example.org' };
const stations = new StationIndex(
  parseRegistry({
    province: 'Bắc Ninh',
    clusters: [
      {
        id: 'pk',
        name: 'PK',
        craft: { vi: 'giấy', en: 'paper' },
        commune: 'Phường Phong Khê',
        location: { lat: 21.2, lon: 106 },
        manager: contact,
        stations: [
          {
            id: 'pk-air-01',
            name: 'Air 1',
            kind: 'air',
            location: { lat: 21.2, lon: 106 },
            standard: { qcvn: 'QCVN 05:2023/BTNMT' },
          },
        ],
      },
    ],
  }),
);
const topic = { cluster: 'pk', kind: 'air' as const, station: 'pk-air-01', channel: 'reading' as const };

describe('tt10Payloads → the reading contract', () => {
  it('groups lines by time, earliest first, and the contract converts units and keeps status codes', () => {
    const text = [
      line('PM2,5', '35,4', 'µg/Nm³', T2, '00'),
      line('SO2', '0.085', 'mg/Nm³', T2, '01'),
      line('PM2,5', '30', 'µg/Nm³', T1, '02'),
      line('TOC', '4', 'mg/L', T1, '00'),
    ].join('\n');
    const payloads = tt10Payloads(parseTt10(text));
    expect(payloads.map((p) => [new Date(p.time).toISOString(), p.lines])).toEqual([
      ['2026-12-07T05:05:00.000Z', [3, 4]],
      ['2026-12-07T05:10:00.000Z', [1, 2]],
    ]);
    const now = Date.parse('2026-12-07T06:00:00Z');
    const [first, second] = payloads.map((p) =>
      validateReading(topic, JSON.stringify(p.payload), { stations, now }),
    );
    expect(first.reading).toMatchObject({
      time: payloads[0].time,
      values: { 'PM2.5': 30 },
      status: { 'PM2.5': '02' },
    });
    expect(first.rejections).toEqual([
      expect.objectContaining({ reason: 'unknown_parameter', parameter: 'TOC' }),
    ]);
    expect(second.reading).toMatchObject({
      values: { 'PM2.5': 35.4, SO2: 85 },
      status: { 'PM2.5': '00', SO2: '01' },
    });
    expect(second.rejections).toEqual([]);
  });

  it('leaves a line without a unit out of units, and an empty value is refused per value', () => {
    const [payload] = tt10Payloads(
      parseTt10([line('PM10', '50', '', T1, '00'), line('O3', '', '', T1, '02')].join('\n')),
    );
    expect(payload.payload).toEqual({
      ts: payload.time,
      values: { PM10: 50, O3: null },
      status: { PM10: '00', O3: '02' },
    });
    const outcome = validateReading(topic, JSON.stringify(payload.payload), { stations, now: payload.time });
    expect(outcome.reading?.values).toEqual({ PM10: 50 });
    expect(outcome.rejections).toEqual([expect.objectContaining({ reason: 'null_value', parameter: 'O3' })]);
  });
});
