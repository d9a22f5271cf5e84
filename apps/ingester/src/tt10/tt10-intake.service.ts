import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { vietnamDate } from '@langxanh/contracts';
import {
  parseTt10,
  parseTt10FileName,
  TT10_LIMITS,
  Tt10FormatError,
  tt10Payloads,
  tt10StationKey,
} from '@langxanh/tt10';
import type { Env } from '../config/env';
import { IngestService } from '../ingest/ingest.service';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { Tt10Inbox, type InboxFile } from './tt10-inbox';

/** What became of one file. */
export type Tt10Outcome = 'processed' | 'rejected' | 'duplicate';

/** Raised inside {@link Tt10IntakeService.take} for a file that goes to `rejected/`; `message` is its reason. */
class FileRefused extends Error {}

/**
 * The TT 10/2021 FTP intake (docs/tt10.md): each complete file a datalogger uploaded into its account's folder is
 * read (libs/tt10), mapped to its registry station by the name `<TenTinh>_<TenCoSo>_<TenTram>` (the station's `tt10`
 * registry field) and handed, one reading per measurement time, to {@link IngestService.handleReading}: the same
 * validation, rejection counts, dead letters, spool, alerts and live events as an MQTT reading, status codes kept.
 *
 * - A file moves to `processed/` only after every one of its readings is in the spool (the durability point); when
 *   the spool cannot be written it stays where it is and is tried again at the next look.
 * - A file that cannot be read (name, encoding, a malformed line, unknown station, uploaded by another station's
 *   account) moves to `rejected/` with `<file>.reason.txt`, is counted (`langxanh_tt10_files_total{outcome}`) and
 *   logged; the files behind it go on.
 * - A file whose processed copy has the same bytes is a re-upload: deleted, counted `duplicate`, nothing stored
 *   again. A file of the same name with other content goes through the ingest path again, whose same-time rule
 *   keeps the values already given for a station, parameter and time (a different one is refused, counted).
 * - Each stored reading counts as the station being heard (station state's deadman, `reading.accepted`): no file
 *   within OFFLINE_AFTER_INTERVALS × the station's `expectedIntervalS` is its offline alert, as for MQTT.
 */
@Injectable()
export class Tt10IntakeService {
  private readonly logger = new Logger(Tt10IntakeService.name);
  private readonly maxFilesPerScan: number;
  private running: Promise<void> | undefined;

  constructor(
    private readonly inbox: Tt10Inbox,
    private readonly ingest: IngestService,
    private readonly registry: RegistryService,
    private readonly metrics: MetricsService,
    config: ConfigService<Env, true>,
  ) {
    this.maxFilesPerScan = config.get('TT10_MAX_FILES_PER_SCAN', { infer: true });
  }

  get enabled(): boolean {
    return this.inbox.enabled;
  }

  /**
   * Looks at every account's folder once and takes its complete uploads, oldest name first (at most
   * TT10_MAX_FILES_PER_SCAN per account). A call while a look is under way returns that look. Never throws: a
   * folder that cannot be read is logged and looked at again next time.
   */
  scan(now: () => number = Date.now): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.running ??= this.scanOnce(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async scanOnce(now: () => number): Promise<void> {
    try {
      for (const account of await this.inbox.accounts()) {
        for (const file of await this.inbox.files(account, this.maxFilesPerScan)) {
          // A spool that cannot be written stops this account's folder (order kept); the next look tries again.
          if (!(await this.take(file, now()))) break;
        }
      }
    } catch (error) {
      this.logger.error(
        `TT 10 folders under ${this.inbox.root} could not be read: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Takes one file. @returns false when it must be tried again later (the spool could not be written, or the
   * file could not be moved), true otherwise.
   */
  async take(file: InboxFile, now: number): Promise<boolean> {
    let outcome: Tt10Outcome;
    try {
      outcome = await this.ingestFile(file, now);
    } catch (error) {
      if (error instanceof FileRefused) {
        return this.refuse(file, error.message);
      }
      this.logger.error(
        `TT 10 file ${file.account}/${file.name} left for the next look: ${(error as Error).message}`,
      );
      return false;
    }
    this.metrics.tt10Files.inc({ outcome });
    return true;
  }

  private async ingestFile(file: InboxFile, now: number): Promise<Tt10Outcome> {
    const name = refusing(() => parseTt10FileName(file.name));
    const registered = this.registry.stations.getByTt10(tt10StationKey(name));
    if (!registered) {
      throw new FileRefused(
        `unknown_station: no registry station has the TT 10 name ${tt10StationKey(name)} (the registry's "tt10" field)`,
      );
    }
    const { station, cluster } = registered;
    if (station.id !== file.account) {
      throw new FileRefused(
        `wrong_account: ${tt10StationKey(name)} is station ${station.id}, but the file was uploaded by account ${file.account}`,
      );
    }
    const size = await this.inbox.size(file);
    if (size > TT10_LIMITS.maxBytes)
      throw new FileRefused(`too_large: ${size} bytes, at most ${TT10_LIMITS.maxBytes}`);
    const content = await this.inbox.read(file);
    const day = vietnamDate(name.time);
    const earlier = await this.inbox.processedCopy(file, day);
    if (earlier?.equals(content)) {
      await this.inbox.discard(file);
      this.logger.log(
        `TT 10 file ${file.account}/${file.name}: already processed with the same content, not stored again`,
      );
      return 'duplicate';
    }
    const lines = refusing(() => parseTt10(content));
    const topic = {
      cluster: cluster.id,
      kind: station.kind,
      station: station.id,
      channel: 'reading' as const,
    };
    const entries = tt10Payloads(lines);
    const payloads = entries.map(({ payload }) => payload);
    // One batch through the ingest path (validation, same-time rule, spool, events, alerts): durable when it resolves.
    const outcomes = await this.ingest.ingestBatch(topic, payloads, now);
    const refusals = outcomes.flatMap(({ rejections }, i) => {
      const entry = entries[i];
      const where = entry ? `${new Date(entry.time).toISOString()} (line ${entry.lines.join(', ')})` : `reading ${i + 1}`;
      return rejections.map((r) => `${where}: ${r.reason}${r.parameter ? ` (${r.parameter})` : ''}: ${r.detail}`);
    });
    const stored = outcomes.filter((o) => o.reading).length;
    // Nothing stored and nothing already known (e.g. every time in the future): the file is refused, with why.
    if (stored === 0 && !outcomes.some((o) => o.duplicate)) {
      throw new FileRefused(`no_reading_stored: every reading of the file was refused\n${refusals.join('\n')}`);
    }
    await this.inbox.markProcessed(
      file,
      day,
      refusals.length > 0 ? `${file.name}\nstored ${stored} of ${payloads.length} readings; refused:\n${refusals.join('\n')}` : undefined,
    );
    const note = refusals.length > 0 ? `; ${refusals.length} value(s) refused, see its .reason.txt` : '';
    this.logger.log(
      `TT 10 file ${file.account}/${file.name}: ${lines.length} line(s) → station ${station.id}, ${stored} reading(s) stored${note}${earlier ? ' (read again: an earlier file of that name had other content)' : ''}`,
    );
    return 'processed';
  }

  private async refuse(file: InboxFile, reason: string): Promise<boolean> {
    try {
      await this.inbox.reject(file, `${file.name}\n${reason}\n`);
    } catch (error) {
      this.logger.error(
        `TT 10 file ${file.account}/${file.name} could not be moved to rejected/: ${(error as Error).message}`,
      );
      return false;
    }
    this.metrics.tt10Files.inc({ outcome: 'rejected' });
    this.logger.warn(`TT 10 file ${file.account}/${file.name} rejected: ${reason.split('\n').join('; ')}`);
    return true;
  }
}

/** `read()`, with the TT 10 parser's `Tt10FormatError` turned into {@link FileRefused} (its message the reason). */
function refusing<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Tt10FormatError) throw new FileRefused(error.message);
    throw error;
  }
}
