import type { AlertDto, Reading, StatusCode } from '@langxanh/contracts';
import type { InfluxConnection } from '../lib/influx-connection';
import { readingToLine } from '../lib/points';

/** A wastewater reading with one integer value and one abnormal status. */
export const sampleReading: Reading = {
  cluster: 'phong-khe',
  kind: 'wastewater',
  station: 'pk-ww-01',
  time: 1764403500000,
  values: { COD: 40, pH: 7.1 },
  status: { COD: '00', pH: '01' },
};

export const sampleAlert: AlertDto = {
  id: 'pk-ww-01:qcvn40-2011-B/COD:1764403500000',
  cluster: 'phong-khe',
  station: 'pk-ww-01',
  kind: 'wastewater',
  parameter: 'COD',
  ruleId: 'qcvn40-2011-B/COD',
  state: 'active',
  severity: 'critical',
  comparison: 'above',
  max: 148.5,
  unit: 'mg/L',
  averagingPeriod: 'instant',
  source: {
    document: 'QCVN 40:2011/BTNMT',
    clause: 'Bảng 1 cột B',
    effectiveFrom: '2012-02-15',
    note: 'Kq 0.9 × Kf 1.1',
  },
  triggerValue: 160.2,
  peakValue: 171,
  lastValue: 171,
  raisedAt: '2026-11-29T07:05:00.000Z',
  lastValueAt: '2026-11-29T07:06:00.000Z',
};

/** A logger that keeps messages for assertions. */
export function memoryLogger() {
  const lines: string[] = [];
  return {
    lines,
    log: (m: string) => lines.push(`log: ${m}`),
    warn: (m: string) => lines.push(`warn: ${m}`),
    error: (m: string) => lines.push(`error: ${m}`),
  };
}

/** An air reading of cluster `van-mon`; every value has status `00` unless `status` says otherwise. */
export const airReading = (
  station: string,
  time: number,
  values: Record<string, number>,
  status: Record<string, StatusCode> = {},
): Reading => ({
  cluster: 'van-mon',
  kind: 'air',
  station,
  time,
  values,
  status: Object.fromEntries(Object.keys(values).map((k) => [k, status[k] ?? '00'])),
});

/** Writes readings the way the ingester does (points.ts lines, one `writeLines` request). */
export async function writeReadings(
  storage: Pick<InfluxConnection, 'writeLines'>,
  readings: readonly Reading[],
): Promise<void> {
  const lines = readings.map((reading) => readingToLine(reading).line).filter((line) => line !== undefined);
  await storage.writeLines(`${lines.join('\n')}\n`);
}
