import type { Reading, StatusCode, ThresholdRule } from '@langxanh/contracts';

/** Rules and readings shared by the unit tests of the alert rules. */
const source = { document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B', effectiveFrom: '2012-02-15' };
export const cod: ThresholdRule = {
  id: 'qcvn40-2011-B/COD',
  parameter: 'COD',
  comparison: 'above',
  max: 150,
  unit: 'mg/L',
  averagingPeriod: 'instant',
  deadband: 0.05,
  source,
};
export const ph: ThresholdRule = {
  ...cod,
  id: 'qcvn40-2011-B/pH',
  parameter: 'pH',
  comparison: 'outside',
  min: 5.5,
  max: 9,
  unit: '',
  deadband: 0.02,
};
export const so2Hourly: ThresholdRule = {
  ...cod,
  id: 'qcvn05-2023/SO2/1h',
  parameter: 'SO2',
  max: 350,
  unit: 'µg/m³',
  averagingPeriod: '1h',
};

export const T0 = Date.parse('2026-11-29T00:00:00Z');
/** A reading of pk-ww-01 `minute` minutes after {@link T0}, every value with `status`. */
export const reading = (
  minute: number,
  values: Record<string, number>,
  status: StatusCode = '00',
): Reading => ({
  cluster: 'phong-khe',
  kind: 'wastewater',
  station: 'pk-ww-01',
  time: T0 + minute * 60_000,
  values,
  status: Object.fromEntries(Object.keys(values).map((k) => [k, status])),
});
