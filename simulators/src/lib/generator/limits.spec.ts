import { AIR_LIMITS_1H, airLimits24h, wasteLimits, wastewaterLimits } from './limits';

/** The numbers the simulator used when it kept its own copy of the limits: taking them from libs/standards keeps them. */
describe('limits taken from libs/standards', () => {
  it('QCVN 05:2023 1-hour means', () =>
    expect(AIR_LIMITS_1H).toEqual({ SO2: 350, CO: 30_000, NO2: 200, O3: 200, TSP: 300 }));

  it.each([
    ['2020-06-01T00:00:00Z', 50],
    ['2025-12-31T16:59:59.999Z', 50],
    ['2025-12-31T17:00:00Z', 45],
    ['2027-06-01T00:00:00Z', 45],
  ])('QCVN 05:2023 24-hour means at %s (PM2.5 %p)', (at, pm25) =>
    expect(airLimits24h(Date.parse(at))).toEqual({ SO2: 125, NO2: 100, TSP: 200, PM10: 100, 'PM2.5': pm25 }),
  );

  it.each([
    [
      { qcvn: 'QCVN 40:2011/BTNMT' as const, column: 'A' as const, kq: 1, kf: 1 },
      { Temp: 40, Color: 50, pH: [6, 9], BOD5: 30, COD: 75, TSS: 50, NH4: 5, TN: 20, TP: 4 },
    ],
    [
      { qcvn: 'QCVN 40:2011/BTNMT' as const, column: 'B' as const, kq: 0.9, kf: 1.1 },
      {
        Temp: 40,
        Color: 150,
        pH: [5.5, 9],
        BOD5: 50 * (0.9 * 1.1),
        COD: 150 * (0.9 * 1.1),
        TSS: 100 * (0.9 * 1.1),
        NH4: 10 * (0.9 * 1.1),
        TN: 40 * (0.9 * 1.1),
        TP: 6 * (0.9 * 1.1),
      },
    ],
  ])('QCVN 40:2011 Cmax for %p', (standard, expected) =>
    expect(wastewaterLimits(standard)).toEqual(expected),
  );

  it('waste-point conventions', () =>
    expect(wasteLimits({ fullThresholdPct: 80, capacityL: 240, wasteCategory: 'other' })).toEqual({
      fill: 80,
      fireTemp: 60,
      tilt: 45,
      lowBattery: 20,
    }));
});
