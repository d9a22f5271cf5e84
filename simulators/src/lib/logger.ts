/** A minimal logger: one line per call, with time and context. Tests pass their own to collect lines. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes `2026-11-29T07:05:00.000Z [context] message` lines: info to stdout, warnings and errors to stderr. */
export function consoleLogger(context: string): Logger {
  const line = (level: string, message: string): string =>
    `${new Date().toISOString()} ${level} [${context}] ${message}\n`;
  return {
    info: (m) => void process.stdout.write(line('INFO', m)),
    warn: (m) => void process.stderr.write(line('WARN', m)),
    error: (m) => void process.stderr.write(line('ERROR', m)),
  };
}

/** A logger that keeps nothing. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
