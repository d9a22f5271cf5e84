import { parseReadingTime, StationIndex } from '@langxanh/contracts';
import { createStationModel } from './generator/model';
import { loadRegistry } from './registry';
import { readingMessage, stationClock } from './simulate';

const index = new StationIndex(loadRegistry());
const air = index.get('pk-air-01')!;
const bin = index.get('pk-bin-01')!;
const START = Date.parse('2026-01-05T08:00:00+07:00');

describe('stationClock', () => {
  it('sends every expectedIntervalS by default, model time = send time', () => {
    expect(stationClock(air.station, { realStart: START })).toEqual({
      realStart: START,
      modelStart: START,
      stepRealMs: 60_000,
      stepModelMs: 60_000,
    });
    expect(stationClock(bin.station, { realStart: START }).stepRealMs).toBe(300_000);
  });

  it('--time-scale k sends k times more often, values still on the real clock', () => {
    expect(stationClock(air.station, { realStart: START, timeScale: 12 })).toMatchObject({
      stepRealMs: 5_000,
      stepModelMs: 5_000,
    });
    expect(stationClock(bin.station, { realStart: START, timeScale: 12 })).toMatchObject({
      stepRealMs: 25_000,
    });
  });

  it('--interval overrides the interval; --model-speed and --start move the model clock', () => {
    expect(stationClock(bin.station, { realStart: START, timeScale: 12, intervalS: 0.5 })).toMatchObject({
      stepRealMs: 500,
    });
    expect(stationClock(air.station, { realStart: START, modelStart: 0, modelSpeed: 60 })).toEqual({
      realStart: START,
      modelStart: 0,
      stepRealMs: 60_000,
      stepModelMs: 3_600_000,
    });
  });

  it('refuses non-positive scales', () => {
    expect(() => stationClock(air.station, { realStart: START, timeScale: 0 })).toThrow(RangeError);
    expect(() => stationClock(air.station, { realStart: START, modelSpeed: -1 })).toThrow(RangeError);
  });
});

describe('readingMessage', () => {
  it('stamps the send time in Vietnam time and carries the model values of that reading', () => {
    const model = createStationModel(air, { seed: 'msg' });
    const clock = stationClock(air.station, {
      realStart: START,
      modelStart: START - 86_400_000,
      timeScale: 12,
    });
    const { payload, reading } = readingMessage(model, clock, 3);
    expect(payload.ts).toBe('2026-01-05T08:00:15+07:00');
    expect(parseReadingTime(payload.ts)).toBe(START + 15_000);
    expect(reading).toEqual(model.at(START - 86_400_000 + 15_000));
    expect(payload).toEqual({ ts: payload.ts, values: reading.values, status: reading.status });
  });

  it('is reproducible: same seed, start and reading number → same message', () => {
    const clock = stationClock(air.station, { realStart: START });
    const a = readingMessage(createStationModel(air, { seed: 'x' }), clock, 42).payload;
    const b = readingMessage(createStationModel(air, { seed: 'x' }), clock, 42).payload;
    expect(b).toEqual(a);
  });
});
