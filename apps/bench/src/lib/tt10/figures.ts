import type { Figure } from '../report';
import { spread } from '../stats';
import type { Tt10CaseResult, Tt10IntakeResult, Tt10Transport } from './intake';

/** Issue 19 item 7 sets no target for the TT 10 intake: its headline rows say so with "—". */
export const NO_TARGET = '—';

const LABEL: Readonly<Record<Tt10Transport, string>> = {
  direct: 'written into the folder, shuffled order',
  ftp: 'uploaded over FTP, one connection',
};

/**
 * The table rows of the TT 10 file intake (issue 19 item 7), per transport: files/s from the first write to the last
 * durable file, the time for the backlog, the readings/s equivalent (targets "—": the issue sets none), the rates and
 * the ingester's CPU per file of the first and last 1 000 files (a slowdown per file along the backlog), its CPU per
 * file over the whole backlog and its peak RSS. Medians over the runs; a transport
 * skipped in every run (FTP without root) has no rows.
 */
export function tt10Figures(runs: readonly { readonly tt10: Tt10IntakeResult }[]): Figure[] {
  const out: Figure[] = [];
  for (const transport of ['direct', 'ftp'] as const) {
    const cases = runs
      .map((r) => r.tt10[transport])
      .filter((c): c is Tt10CaseResult => c !== undefined && !('skipped' in c));
    if (cases.length === 0) continue;
    const of = (pick: (c: Tt10CaseResult) => number) => spread(cases.map(pick));
    const files = cases[0].files;
    const window = cases[0].window;
    const what = `TT 10 intake, ${files.toLocaleString('en-US').replace(/,/g, ' ')} files of one station, ${LABEL[transport]}`;
    out.push(
      {
        key: `tt10.${transport}.filesPerS`,
        label: `${what}: upload → durable (processed/ + InfluxDB)`,
        unit: 'files/s',
        value: of((c) => c.filesPerS),
        target: NO_TARGET,
      },
      {
        key: `tt10.${transport}.seconds`,
        label: `${what}: time for the backlog`,
        unit: 's',
        value: of((c) => c.seconds),
        target: NO_TARGET,
      },
      {
        key: `tt10.${transport}.readingsPerS`,
        label: `${what}: readings/s equivalent`,
        unit: 'readings/s',
        value: of((c) => c.readingsPerS),
        target: NO_TARGET,
      },
      {
        key: `tt10.${transport}.firstWindowFilesPerS`,
        label: `${what}: rate of the first ${window} files`,
        unit: 'files/s',
        value: of((c) => c.firstWindowFilesPerS),
      },
      {
        key: `tt10.${transport}.lastWindowFilesPerS`,
        label: `${what}: rate of the last ${window} files`,
        unit: 'files/s',
        value: of((c) => c.lastWindowFilesPerS),
      },
      {
        key: `tt10.${transport}.firstWindowCpuMsPerFile`,
        label: `${what}: ingester CPU per file, first ${window} files`,
        unit: 'ms',
        value: of((c) => c.firstWindowCpuMsPerFile),
      },
      {
        key: `tt10.${transport}.lastWindowCpuMsPerFile`,
        label: `${what}: ingester CPU per file, last ${window} files`,
        unit: 'ms',
        value: of((c) => c.lastWindowCpuMsPerFile),
      },
      {
        key: `tt10.${transport}.cpuMsPerFile`,
        label: `${what}: ingester CPU per file`,
        unit: 'ms',
        value: of((c) => c.cpuMsPerFile),
      },
      {
        key: `tt10.${transport}.peakRssMb`,
        label: `${what}: ingester peak RSS`,
        unit: 'MB',
        value: of((c) => c.peakRssMb),
      },
    );
  }
  return out;
}
