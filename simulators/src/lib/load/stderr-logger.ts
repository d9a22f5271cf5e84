import type { Logger } from '../logger';

/**
 * The console logger's lines (`2026-11-29T07:05:00.000Z INFO [load] …`), all on stderr: with `load --json`, stdout
 * carries only the summary line.
 */
export function stderrLogger(context: string): Logger {
  const line = (level: string, message: string): string =>
    `${new Date().toISOString()} ${level} [${context}] ${message}\n`;
  return {
    info: (m) => void process.stderr.write(line('INFO', m)),
    warn: (m) => void process.stderr.write(line('WARN', m)),
    error: (m) => void process.stderr.write(line('ERROR', m)),
  };
}
