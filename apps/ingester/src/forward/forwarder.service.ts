import { Readable } from 'node:stream';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from 'basic-ftp';
import type { Reading } from '@langxanh/contracts';
import { formatTt10, formatTt10FileName, tt10LinesForReading, type Tt10StationName } from '@langxanh/tt10';
import type { Env } from '../config/env';
import { RegistryService } from '../registry/registry.service';
import { ForwardQueue } from './forward-queue';

/** Where the receiver is, read from FORWARD_FTP_URL. */
export interface FtpTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `true`: explicit TLS (`ftps://`, AUTH TLS on the control port). */
  readonly secure: boolean;
  /** Remote folder the files go to (`/` when the URL has no path). */
  readonly dir: string;
}

/**
 * Reads `ftp://user:password@host:port/dir` or `ftps://…` (user and password URL-encoded; port 21 by default).
 * @throws Error for another scheme or a URL without a host.
 */
export function parseFtpUrl(text: string): FtpTarget {
  const url = new URL(text);
  if (url.protocol !== 'ftp:' && url.protocol !== 'ftps:') throw new Error(`FORWARD_FTP_URL: ftp:// or ftps://, not ${url.protocol}`);
  if (!url.hostname) throw new Error('FORWARD_FTP_URL: no host');
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 21,
    user: decodeURIComponent(url.username) || 'anonymous',
    password: decodeURIComponent(url.password),
    secure: url.protocol === 'ftps:',
    dir: decodeURIComponent(url.pathname) || '/',
  };
}

/** How long one FTP operation may take before the connection is given up (basic-ftp's timeout). */
const FTP_TIMEOUT_MS = 30_000;

/**
 * Forwarding to the central system (issue 13 item 3): every accepted reading of a chosen station (FORWARD_STATIONS;
 * from any ingest path — MQTT, TT 10 intake, history import — since it listens to `reading.accepted`) becomes one
 * TT 10/2021 file (libs/tt10: `<TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt`, the station's registry `tt10`
 * name, else `<FORWARD_PROVINCE>_<cluster id>_<station id>`), appended durably to {@link ForwardQueue}. One loop
 * uploads the oldest queued file by FTP or FTPS (basic-ftp) — under a temporary `.part` name, then renamed, so the
 * receiver never sees half a file — and removes it from the queue only after the rename succeeded. While the
 * receiver is unreachable the loop retries the same file with a doubling back-off (FORWARD_RETRY_MIN_MS …
 * FORWARD_RETRY_MAX_MS): nothing is lost or reordered, and the backlog follows in order once it answers. A file
 * uploaded again after a crash between the rename and the removal lands under the same name (one file on the
 * receiver). Off when FORWARD_FTP_URL is empty.
 */
@Injectable()
export class ForwarderService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ForwarderService.name);
  private readonly target?: FtpTarget;
  private readonly stations: ReadonlySet<string>;
  private queue?: ForwardQueue;
  private client?: Client;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Whether the current wait ends when a file is queued (idle on an empty queue; a back-off is not cut short). */
  private wakeOnData = false;
  private notQueued = 0;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly registry: RegistryService,
  ) {
    const url = config.get('FORWARD_FTP_URL', { infer: true });
    this.stations = new Set(config.get('FORWARD_STATIONS', { infer: true }));
    if (url) this.target = parseFtpUrl(url);
  }

  /** Whether forwarding is on. */
  get enabled(): boolean {
    return this.target !== undefined;
  }

  /** Files waiting for upload. */
  get backlog(): number {
    return this.queue?.size ?? 0;
  }

  /** Opens the queue and starts the upload loop. @throws Error for an unknown station in FORWARD_STATIONS. */
  onModuleInit(): void {
    if (!this.target) return;
    for (const id of this.stations) {
      if (!this.registry.get(id)) throw new Error(`FORWARD_STATIONS: station "${id}" is not in the registry`);
    }
    this.queue = new ForwardQueue(
      this.config.get('FORWARD_DIR', { infer: true }),
      this.config.get('FORWARD_QUEUE_MAX_FILES', { infer: true }),
    );
    this.logger.log(
      `forwarding ${[...this.stations].join(', ') || 'no station'} to ${this.target.secure ? 'ftps' : 'ftp'}://${this.target.host}:${this.target.port}${this.target.dir} (${this.queue.size} file(s) queued)`,
    );
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.client?.close();
    await this.loop;
  }

  /**
   * A `reading.accepted` listener: queues the reading's TT 10 file when its station is forwarded. Never throws (a
   * failure to queue is logged and counted; the reading itself is stored).
   */
  onReading(reading: Reading): void {
    if (!this.queue || !this.stations.has(reading.station)) return;
    try {
      const registered = this.registry.get(reading.station);
      if (!registered) return;
      const name = formatTt10FileName(this.tt10Name(registered.cluster.id, reading.station, registered.station.tt10), reading.time);
      const content = formatTt10(tt10LinesForReading(reading.kind, reading));
      if (!this.queue.push(name, content)) {
        this.notQueued++;
        if (this.notQueued === 1 || this.notQueued % 1000 === 0) {
          this.logger.error(`forward queue full (${this.queue.size} files): ${this.notQueued} reading(s) not forwarded`);
        }
        return;
      }
      if (this.wakeOnData) this.wake?.();
    } catch (error) {
      this.notQueued++;
      this.logger.error(`reading of ${reading.station} not queued for forwarding: ${(error as Error).message}`);
    }
  }

  private tt10Name(cluster: string, station: string, registered: string | undefined): Tt10StationName {
    if (registered) {
      const [province, facility, tram] = registered.split('_');
      return { province, facility, station: tram };
    }
    return { province: this.config.get('FORWARD_PROVINCE', { infer: true }), facility: cluster, station };
  }

  /** The upload loop: the oldest file first, back-off while the receiver fails. */
  private async run(): Promise<void> {
    const min = this.config.get('FORWARD_RETRY_MIN_MS', { infer: true });
    const max = this.config.get('FORWARD_RETRY_MAX_MS', { infer: true });
    let backoff = min;
    let failing = false;
    const queue = this.queue;
    while (queue && !this.stopping) {
      const file = queue.peek();
      if (!file) {
        // Nothing to send: end the session rather than hold an idle control connection open.
        this.client?.close();
        this.client = undefined;
        await this.idle(5_000, true);
        continue;
      }
      try {
        await this.upload(file.name, queue.read(file));
        queue.remove(file);
        if (failing) this.logger.log(`receiver answers again; ${queue.size} file(s) left to forward`);
        failing = false;
        backoff = min;
      } catch (error) {
        this.client?.close();
        this.client = undefined;
        if (this.stopping) break;
        if (!failing) {
          this.logger.warn(`forwarding paused, ${queue.size} file(s) kept in order: ${(error as Error).message}`);
        }
        failing = true;
        await this.idle(backoff, false);
        backoff = Math.min(backoff * 2, max);
      }
    }
  }

  private async upload(name: string, content: Buffer): Promise<void> {
    const target = this.target as FtpTarget;
    if (!this.client || this.client.closed) {
      const client = new Client(FTP_TIMEOUT_MS);
      await client.access({
        host: target.host,
        port: target.port,
        user: target.user,
        password: target.password,
        secure: target.secure,
      });
      await client.cd(target.dir);
      this.client = client;
    }
    const part = `.${name}.part`;
    await this.client.uploadFrom(Readable.from([content]), part);
    await this.client.rename(part, name);
  }

  /** Waits `ms`, or until the service stops, or (with `wakeOnData`) until a file is queued. */
  private idle(ms: number, wakeOnData: boolean): Promise<void> {
    this.wakeOnData = wakeOnData;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
