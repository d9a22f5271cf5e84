import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AlertDto, SilenceDto } from '@langxanh/contracts';
import { silenceFor } from '@langxanh/alerting';
import { ClusterService } from '../cluster/cluster.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { AlertDocumentsRepository } from '../storage/alert-documents.repository';
import { StorageStartup } from '../storage/storage-startup';

/** Silences ended longer ago than this are not restored at start-up. */
const KEEP_ENDED_MS = 30 * 86_400_000;
/** Longest silence or maintenance window. */
const MAX_SILENCE_MS = 90 * 86_400_000;

/** A new silence, times already parsed (epoch ms). */
export interface NewSilence {
  readonly station?: string;
  readonly cluster?: string;
  readonly kind: SilenceDto['kind'];
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/**
 * Silences and maintenance windows per station or cluster: while one covers an alert, the alert is still evaluated,
 * stored and broadcast in-app, but no e-mail, webhook or MQTT notification is sent for it. Each version (created,
 * deleted) is stored in InfluxDB (measurement `alert_silence`) and restored at start-up.
 */
@Injectable()
export class SilencesService implements OnModuleInit {
  private readonly logger = new Logger(SilencesService.name);
  private readonly silences = new Map<string, SilenceDto>();

  constructor(
    private readonly registry: RegistryService,
    private readonly documents: AlertDocumentsRepository,
    private readonly startup: StorageStartup,
    private readonly cluster: ClusterService,
  ) {
    // Several nodes: a silence set or ended on another node applies here at once (stored there, in InfluxDB).
    cluster.onBroadcast<{ silence?: SilenceDto; deleted?: boolean }>('silence', ({ silence, deleted }) => {
      if (typeof silence?.id !== 'string' || typeof silence.to !== 'string') return;
      if (deleted) this.silences.delete(silence.id);
      else this.silences.set(silence.id, silence);
    });
  }

  /** Restores the stored silences — at once, or once InfluxDB answers when it is away at start-up. */
  async onModuleInit(): Promise<void> {
    await this.startup.restore('silences', () => this.restore());
  }

  /** Run late, what was created or deleted meanwhile (same id) is newer and is kept. */
  private async restore(): Promise<void> {
    await this.documents.drained(10_000);
    const now = Date.now();
    try {
      const stored = await this.documents.latest<SilenceDto & { deleted?: boolean }>(
        'alert_silence',
        now - MAX_SILENCE_MS - KEEP_ENDED_MS,
      );
      for (const s of stored) {
        if (!s.deleted && Date.parse(s.to) > now - KEEP_ENDED_MS && !this.silences.has(s.id)) this.silences.set(s.id, s);
      }
      this.logger.log(`restored ${this.silences.size} silences / maintenance windows`);
    } catch (error) {
      this.logger.error(`silences not restored (notifications are not suppressed until they are set again): ${(error as Error).message}`);
    }
  }

  /** Silences that have not ended at `now`, soonest ending first. */
  list(now: number): SilenceDto[] {
    return [...this.silences.values()].filter((s) => Date.parse(s.to) > now).sort((a, b) => a.to.localeCompare(b.to));
  }

  get(id: string): SilenceDto | undefined {
    return this.silences.get(id);
  }

  /** The silence covering `alert` at `now`, if any. */
  covering(alert: Pick<AlertDto, 'station' | 'cluster'>, now: number): SilenceDto | undefined {
    return silenceFor(this.silences.values(), alert, now);
  }

  /** @throws ApiError `bad_request` (unknown station/cluster, both or neither, bad times), stored at once. */
  create(input: NewSilence, by: string, now: number): SilenceDto {
    if ((input.station === undefined) === (input.cluster === undefined)) {
      throw new ApiError(ApiErrorCode.BadRequest, 'give exactly one of station or cluster');
    }
    if (input.station !== undefined && !this.registry.get(input.station)) {
      throw new ApiError(ApiErrorCode.BadRequest, `no station "${input.station}"`);
    }
    if (input.cluster !== undefined && !this.registry.registry.clusters.some((c) => c.id === input.cluster)) {
      throw new ApiError(ApiErrorCode.BadRequest, `no cluster "${input.cluster}"`);
    }
    if (!(input.from < input.to)) throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    if (input.to <= now) throw new ApiError(ApiErrorCode.BadRequest, '`to` is in the past');
    if (input.to - input.from > MAX_SILENCE_MS) throw new ApiError(ApiErrorCode.BadRequest, 'longer than 90 days');
    const silence: SilenceDto = {
      id: randomUUID(),
      ...(input.station !== undefined ? { station: input.station } : {}),
      ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
      kind: input.kind,
      from: new Date(input.from).toISOString(),
      to: new Date(input.to).toISOString(),
      reason: input.reason,
      createdBy: by,
      createdAt: new Date(now).toISOString(),
    };
    this.silences.set(silence.id, silence);
    this.persist(silence, false);
    this.cluster.broadcast('silence', { silence, deleted: false });
    this.logger.log(`${silence.kind} ${silence.id} on ${silence.station ?? silence.cluster} until ${silence.to} by ${by}`);
    return silence;
  }

  /** Ends a silence now. @throws ApiError `not_found`. */
  delete(id: string, by: string): void {
    const silence = this.silences.get(id);
    if (!silence) throw new ApiError(ApiErrorCode.NotFound, `no silence "${id}"`);
    this.silences.delete(id);
    this.persist(silence, true);
    this.cluster.broadcast('silence', { silence, deleted: true });
    this.logger.log(`${silence.kind} ${id} deleted by ${by}`);
  }

  private persist(silence: SilenceDto, deleted: boolean): void {
    const tags = { cluster: silence.cluster ?? this.registry.get(silence.station ?? '')?.cluster.id ?? '', station: silence.station ?? '' };
    this.documents.append('alert_silence', tags, silence.id, { ...silence, deleted });
  }
}
