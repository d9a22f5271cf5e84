/** Small builders of contract objects for the unit tests. */
import type { AlertDto, ClusterDto, ReadingEventDto, StationDto, ThresholdRule } from '@langxanh/contracts';

export const COD_RULE: ThresholdRule = {
  id: 'qcvn40-2011-B/COD',
  parameter: 'COD',
  comparison: 'above',
  max: 135,
  unit: 'mg/L',
  averagingPeriod: 'instant',
  deadband: 0.05,
  source: { document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B', effectiveFrom: '2012-03-15', note: 'Kq = 0,9; Kf = 1' },
};

export function cluster(overrides: Partial<ClusterDto> = {}): ClusterDto {
  return {
    id: 'phong-khe',
    name: 'CCN Phong Khê',
    craft: { vi: 'Giấy tái chế', en: 'Recycled paper' },
    commune: 'Phường Phong Khê',
    location: { lat: 21.19, lon: 106.025 },
    manager: { name: 'Nguyễn Văn An', phone: '+84 222 380 0101', email: 'quanly.phong-khe@example.vn' },
    stationIds: ['pk-ww-01'],
    ...overrides,
  };
}

export function station(overrides: Partial<StationDto> = {}): StationDto {
  return {
    id: 'pk-ww-01',
    clusterId: 'phong-khe',
    kind: 'wastewater',
    name: 'Cửa xả trạm XLNT CCN Phong Khê',
    location: { lat: 21.186, lon: 106.028 },
    expectedIntervalS: 60,
    standard: { qcvn: 'QCVN 40:2011/BTNMT', column: 'B', kq: 0.9, kf: 1 },
    state: 'normal',
    lastSeen: '2026-11-29T07:00:00.000Z',
    latest: {
      COD: { value: 85.24, time: '2026-11-29T07:00:00.000Z', status: '00' },
      pH: { value: 7.1, time: '2026-11-29T07:00:00.000Z', status: '00' },
    },
    activeAlerts: 0,
    limits: [COD_RULE],
    ...overrides,
  };
}

export function reading(overrides: Partial<ReadingEventDto> = {}): ReadingEventDto {
  return {
    cluster: 'phong-khe',
    kind: 'wastewater',
    station: 'pk-ww-01',
    time: '2026-11-29T07:01:00.000Z',
    values: { COD: 150.5 },
    status: { COD: '00' },
    ...overrides,
  };
}

export function alert(overrides: Partial<AlertDto> = {}): AlertDto {
  return {
    id: 'pk-ww-01:qcvn40-2011-B/COD:1795849260000',
    cluster: 'phong-khe',
    station: 'pk-ww-01',
    kind: 'wastewater',
    parameter: 'COD',
    ruleId: COD_RULE.id,
    state: 'active',
    severity: 'critical',
    comparison: 'above',
    max: 135,
    unit: 'mg/L',
    averagingPeriod: 'instant',
    source: COD_RULE.source,
    triggerValue: 150.5,
    peakValue: 150.5,
    lastValue: 150.5,
    raisedAt: '2026-11-29T07:01:00.000Z',
    lastValueAt: '2026-11-29T07:01:00.000Z',
    ...overrides,
  };
}
