import { writeFileSync } from 'node:fs';
import { registrySchema, type Registry } from '@langxanh/contracts';

/** Air stations per generated load cluster. */
const STATIONS_PER_CLUSTER = 100;
/** Air stations the latency probes rotate over: more than one probe per station per live-push throttle (1 s). */
export const PROBE_AIR_STATIONS = 25;
/** Waste stations (bins) the alert-latency probes rotate over. */
export const PROBE_BINS = 25;
/** The station whose 30-day history the history query reads. */
export const HISTORY_STATION = 'history-air-01';
/** The cluster of the probe, bin and history stations (last in the registry: `load --stations n` never picks it). */
export const PROBE_CLUSTER = 'bench-probe';

export const probeAirStation = (i: number) => `probe-air-${String(i + 1).padStart(2, '0')}`;
export const probeBin = (i: number) => `probe-bin-${String(i + 1).padStart(2, '0')}`;

const contact = { name: 'Benchmark', phone: '+84 000 000 000', email: 'bench@example.vn' };
const cluster = (id: string, index: number) => ({
  id,
  name: `Benchmark cluster ${id}`,
  craft: { vi: 'Đo hiệu năng', en: 'Benchmark' },
  commune: 'Phường Benchmark',
  location: { lat: 21 + (index % 100) / 1000, lon: 106 + Math.floor(index / 100) / 1000 },
  manager: contact,
});
const air = (id: string) => ({
  id,
  kind: 'air' as const,
  name: `Trạm không khí ${id}`,
  location: { lat: 21.1, lon: 106.1 },
  expectedIntervalS: 60,
  standard: { qcvn: 'QCVN 05:2023/BTNMT' as const },
});

/**
 * A registry for the benchmark: `loadStations` air stations in clusters of 100 (`bench-000`…, stations
 * `b000-air-000`…) first, in the order `simulators load --stations n` takes them, then the {@link PROBE_CLUSTER}
 * with the latency probes' air stations, the alert probes' bins (full at 80 %, as the shipped registry) and the
 * history station. Validated with the contract's `registrySchema`.
 * @throws ZodError when the generated registry is not valid (a bug here).
 */
export function benchRegistry(loadStations: number): Registry {
  const clusters = [];
  for (let c = 0; c * STATIONS_PER_CLUSTER < loadStations; c++) {
    const id = `bench-${String(c).padStart(3, '0')}`;
    const count = Math.min(STATIONS_PER_CLUSTER, loadStations - c * STATIONS_PER_CLUSTER);
    clusters.push({
      ...cluster(id, c),
      stations: Array.from({ length: count }, (_, s) =>
        air(`b${String(c).padStart(3, '0')}-air-${String(s).padStart(3, '0')}`),
      ),
    });
  }
  clusters.push({
    ...cluster(PROBE_CLUSTER, clusters.length),
    stations: [
      ...Array.from({ length: PROBE_AIR_STATIONS }, (_, i) => air(probeAirStation(i))),
      ...Array.from({ length: PROBE_BINS }, (_, i) => ({
        id: probeBin(i),
        kind: 'waste' as const,
        name: `Điểm tập kết ${probeBin(i)}`,
        location: { lat: 21.1, lon: 106.1 },
        expectedIntervalS: 60,
        standard: { fullThresholdPct: 80, capacityL: 660, wasteCategory: 'other' as const },
      })),
      air(HISTORY_STATION),
    ],
  });
  return registrySchema.parse({ province: 'Benchmark', clusters });
}

/** Writes {@link benchRegistry} as JSON to `file` (the ingester's `REGISTRY_FILE`). */
export function writeBenchRegistry(file: string, loadStations: number): void {
  writeFileSync(file, JSON.stringify(benchRegistry(loadStations)));
}
