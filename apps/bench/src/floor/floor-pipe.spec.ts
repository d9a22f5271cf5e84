import { READING_SUBSCRIPTION } from '@langxanh/contracts';
import { FLOOR_SUBSCRIPTION, floorLine } from './floor-pipe';

const TOPIC = 'langxanh/v1/van-mon/air/vm-air-01/reading';

describe('floorLine', () => {
  it('subscribes to the same filter as the ingester', () => {
    expect(FLOOR_SUBSCRIPTION).toBe(READING_SUBSCRIPTION);
  });

  it('builds one line: kind, cluster and station from the topic, numeric values as floats, ts in ms', () => {
    const payload = JSON.stringify({ ts: 1_767_225_600_123, values: { 'PM2.5': 41.5, PM10: 80, CO: -0.25 } });
    expect(floorLine(TOPIC, Buffer.from(payload))).toBe(
      'air,cluster=van-mon,station=vm-air-01 PM2.5=41.5,PM10=80,CO=-0.25 1767225600123',
    );
  });

  it('reads an ISO 8601 ts with an offset and truncates a fractional epoch', () => {
    expect(floorLine(TOPIC, '{"ts":"2026-01-01T07:00:00+07:00","values":{"TSP":1}}')).toBe(
      'air,cluster=van-mon,station=vm-air-01 TSP=1 1767225600000',
    );
    expect(floorLine(TOPIC, '{"ts":1767225600000.9,"values":{"TSP":1}}')).toMatch(/ 1767225600000$/);
  });

  it('keeps only finite numeric values and escapes keys', () => {
    expect(floorLine(TOPIC, '{"ts":1,"values":{"a b":1,"c":"2","d":null,"e,f":3,"g\\nh":4}}')).toBe(
      'air,cluster=van-mon,station=vm-air-01 a\\ b=1,e\\,f=3 1',
    );
  });

  it.each([
    ['not JSON', TOPIC, '{"ts":'],
    ['not an object', TOPIC, '42'],
    ['no ts', TOPIC, '{"values":{"a":1}}'],
    ['unreadable ts', TOPIC, '{"ts":"yesterday","values":{"a":1}}'],
    ['no values', TOPIC, '{"ts":1}'],
    ['no numeric value', TOPIC, '{"ts":1,"values":{"a":"x"}}'],
    ['a short topic', 'langxanh/v1/air/reading', '{"ts":1,"values":{"a":1}}'],
    ['an empty topic level', 'langxanh/v1//air/s/reading', '{"ts":1,"values":{"a":1}}'],
  ])('gives no line for %s', (_case, topic, payload) => {
    expect(floorLine(topic, payload)).toBeUndefined();
  });
});
