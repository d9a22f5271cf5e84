import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `maxLines` lines (at most `maxBytes` bytes) of a text file, or '' when it cannot be read. */
export function tailFile(file: string, maxLines = 30, maxBytes = 8_192): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (length < size) lines.shift(); // first line is probably cut
    return lines
      .slice(-maxLines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
