import { SingleBar, Presets } from 'cli-progress';

/** Shows how far a replay is. */
export interface ProgressReporter {
  start(total: number): void;
  /** `done` messages acknowledged; `dataTime` the `ts` of the latest one. */
  update(done: number, dataTime: string): void;
  stop(): void;
}

/** A cli-progress bar (for a terminal). */
export function barProgress(stream: NodeJS.WriteStream = process.stdout): ProgressReporter {
  const bar = new SingleBar(
    {
      stream,
      format:
        'replay |{bar}| {percentage}% | {value}/{total} messages | data time {dataTime} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 200,
    },
    Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { dataTime: '–' }),
    update: (done, dataTime) => bar.update(done, { dataTime }),
    stop: () => bar.stop(),
  };
}

/**
 * Plain lines for logs and pipes: one when each further 10 % is done or every `everyMs` (default 5 s), whichever
 * comes first, never one per message.
 */
export function lineProgress(
  write: (line: string) => void,
  everyMs = 5_000,
  now: () => number = Date.now,
): ProgressReporter {
  let total = 0;
  let lastAt = 0;
  let lastTenth = 0;
  let lastDone = -1;
  const print = (done: number, dataTime: string): void => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    write(`replay: ${done}/${total} messages (${pct} %), data time ${dataTime}`);
    lastAt = now();
    lastDone = done;
  };
  return {
    start: (t) => {
      total = t;
      lastAt = now();
      write(`replay: ${total} messages to publish`);
    },
    update: (done, dataTime) => {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth || now() - lastAt >= everyMs) {
        lastTenth = Math.max(lastTenth, tenth);
        if (done !== lastDone) print(done, dataTime);
      }
    },
    stop: () => undefined,
  };
}

/** No output. */
export const noProgress: ProgressReporter = {
  start: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};

/** A bar when stdout is a terminal, plain lines otherwise. */
export function autoProgress(): ProgressReporter {
  return process.stdout.isTTY
    ? barProgress()
    : lineProgress((line) => process.stdout.write(`${new Date().toISOString()} INFO [replay] ${line}\n`));
}
