/**
 * The three kinds of station LàngXanh monitors. The kind is a topic level and the InfluxDB measurement name.
 * - `wastewater`: automatic continuous monitoring at a treatment-plant outlet (NĐ 08/2022/NĐ-CP Điều 97).
 * - `air`: ambient-air station (QCVN 05:2023/BTNMT, VN_AQI per QĐ 1459/QĐ-TCMT).
 * - `waste`: a waste collection point with a fill-level sensor (OMA LwM2M object 3435 shape).
 */
export const STATION_KINDS = ['wastewater', 'air', 'waste'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export function isStationKind(value: string): value is StationKind {
  return (STATION_KINDS as readonly string[]).includes(value);
}
