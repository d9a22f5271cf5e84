import { z } from 'zod';
import { SLUG_PATTERN } from './topics';

const slug = z.string().regex(SLUG_PATTERN, 'must be a lowercase ASCII slug (a-z, 0-9, -)');

/**
 * Bounds of the registry's texts and lists (issue 17: every user-writable text and list is bounded, now that the
 * registry is edited over the API). Chosen well above the shipped Bắc Ninh registry (6 clusters of 5–6 stations,
 * names under 80 characters) and below what a 16 KiB request body could carry anyway; not regulatory numbers.
 */
export const REGISTRY_LIMITS = {
  /** Characters of a name, commune, province or craft label. */
  nameChars: 200,
  /** Clusters in the registry. */
  clusters: 200,
  /** Stations in one cluster. */
  stationsPerCluster: 500,
  /** Further contacts of one cluster. */
  contacts: 20,
  /** Limits in one permit. */
  permitLimits: 100,
  /** Parameters with their own alert settings, per station. */
  alertingParameters: 64,
  /** Characters of a retirement reason. */
  reasonChars: 500,
} as const;

const text = z.string().min(1).max(REGISTRY_LIMITS.nameChars);

/** WGS 84 coordinates in decimal degrees. */
export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** The person who receives a cluster's alerts and must act on them. */
export const contactSchema = z.strictObject({
  name: text,
  phone: z.string().regex(/^\+?[0-9 ]{6,20}$/, 'phone: digits, spaces, optional leading +'),
  email: z.email().max(254),
  /**
   * Telegram chat that receives this person's alerts (Telegram channel, `TELEGRAM_BOT_TOKEN`): a numeric chat id
   * (negative for groups, at most 20 digits) or a public `@channelusername` (5–32 characters), as the Bot API's
   * `sendMessage` `chat_id` accepts them (core.telegram.org/bots/api#sendmessage). Optional.
   */
  telegramChatId: z
    .string()
    .regex(/^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, 'telegramChatId: a numeric chat id or @channelusername')
    .optional(),
  /**
   * Zalo user id of this person as follower of the Official Account (Zalo channel, `ZALO_OA_ACCESS_TOKEN`): the
   * `recipient.user_id` of the OA API v3 `message/cs`; digits only, at most 32. Optional.
   */
  zaloUserId: z.string().regex(/^[0-9]{1,32}$/, 'zaloUserId: digits only').optional(),
});

/**
 * Which standard applies to a wastewater outlet: QCVN 40:2011/BTNMT column A or B with its Kq (receiving water,
 * cl. 2.3) and Kf (discharge flow, cl. 2.4) coefficients, Cmax = C × Kq × Kf (shared docs/domain.md §3.2).
 * QCVN 40:2025/BTNMT replaces it from 01/09/2025, but its numbers are not yet confirmed (domain.md §8.1).
 */
export const wastewaterStandardSchema = z.strictObject({
  qcvn: z.literal('QCVN 40:2011/BTNMT'),
  column: z.enum(['A', 'B']),
  kq: z.number().min(0.6).max(1.3).default(1),
  kf: z.number().min(0.9).max(1.2).default(1),
});

/** Ambient air: QCVN 05:2023/BTNMT Bảng 1 applies. */
export const airStandardSchema = z.strictObject({ qcvn: z.literal('QCVN 05:2023/BTNMT') });

/**
 * A waste collection point's settings. `fullThresholdPct` defaults to 80 %: an industry convention for scheduling
 * a pickup, not a regulation (domain.md §6.2). `wasteCategory` follows Luật BVMT 2020 Điều 75 khoản 1 (three
 * household groups) plus `industrial` for craft-village production waste (domain.md §6.1).
 */
export const wasteStandardSchema = z.strictObject({
  fullThresholdPct: z.number().min(1).max(100).default(80),
  capacityL: z.number().positive(),
  wasteCategory: z.enum(['recyclable', 'food', 'other', 'industrial']),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD (Vietnam-time calendar day)');

/**
 * One limit of a station's environmental permit (giấy phép môi trường, Luật BVMT 2020): it replaces the standard's
 * rule on the same parameter and averaging period (a permit may set stricter, site-specific values; domain.md §0).
 * At least one of `min`/`max`; both for a range (pH).
 */
export const permitLimitSchema = z
  .strictObject({
    parameter: z.string().min(1).max(32),
    averagingPeriod: z.enum(['instant', '1h', '8h', '24h', 'calendarDay']).default('instant'),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine((l) => l.min !== undefined || l.max !== undefined, 'a permit limit needs min, max or both')
  .refine((l) => l.min === undefined || l.max === undefined || l.min < l.max, 'min must be below max');

/** A station's environmental permit: its number, in force from `effectiveFrom` (until `effectiveTo`, exclusive). */
export const permitSchema = z.strictObject({
  /** e.g. `123/GP-UBND`. */
  number: z.string().min(1).max(100),
  issuedBy: z.string().min(1).max(200).optional(),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.optional(),
  limits: z.array(permitLimitSchema).min(1).max(REGISTRY_LIMITS.permitLimits),
});

/**
 * Per-parameter alerting settings of a station, overriding the defaults of its standard's rules
 * (`libs/standards`): warning fraction, pending duration, consecutive readings, deadband.
 */
export const alertSettingsSchema = z.strictObject({
  warningFraction: z.number().gt(0).lt(1).optional(),
  pendingS: z.number().int().min(0).max(86_400).optional(),
  consecutive: z.number().int().min(1).max(1000).optional(),
  deadband: z.number().min(0).lt(1).optional(),
});

/**
 * The station part of a TT 10/2021/TT-BTNMT file name, `<TenTinh>_<TenCoSo>_<TenTram>` (shared docs/domain.md §4.2):
 * three names of letters (any script), digits, `-` or `.`, 1–64 characters each, joined by `_`. Compared in NFC.
 */
export const TT10_STATION_NAME_PATTERN = /^[\p{L}\p{N}.-]{1,64}_[\p{L}\p{N}.-]{1,64}_[\p{L}\p{N}.-]{1,64}$/u;

/**
 * A station taken out of service (`POST /api/registry/stations/{id}/retire`): it leaves the overview, its readings are
 * refused (`station_retired`, counted) and its stored history stays readable. `at` is an ISO 8601 UTC time.
 */
export const retirementSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  reason: z.string().min(1).max(REGISTRY_LIMITS.reasonChars).optional(),
});

const stationBase = {
  id: slug,
  name: text,
  location: locationSchema,
  /** Seconds between readings the station is expected to send. */
  expectedIntervalS: z.number().int().positive().default(60),
  /** Site-specific limits of the station's environmental permit (optional). */
  permit: permitSchema.optional(),
  /** Alerting settings per parameter key (optional), e.g. `{"COD": {"pendingS": 600}}`. */
  alerting: z
    .record(z.string().min(1).max(32), alertSettingsSchema)
    .refine((a) => Object.keys(a).length <= REGISTRY_LIMITS.alertingParameters, {
      message: `at most ${REGISTRY_LIMITS.alertingParameters} parameters`,
    })
    .optional(),
  /**
   * The name its datalogger gives its TT 10/2021 files, `<TenTinh>_<TenCoSo>_<TenTram>` (e.g. `BN_DAIBAI_NT01`):
   * a file `BN_DAIBAI_NT01_20261207120500.txt` is this station's. Optional: only stations that report by TT 10
   * files over FTP have one; unique across the province.
   */
  tt10: z
    .string()
    .max(200)
    .transform((name) => name.normalize('NFC'))
    .pipe(
      z
        .string()
        .regex(
          TT10_STATION_NAME_PATTERN,
          'must be <TenTinh>_<TenCoSo>_<TenTram> (letters, digits, "-", "."; 1–64 each)',
        ),
    )
    .optional(),
  /** Set when the station was retired (absent: in service). */
  retired: retirementSchema.optional(),
};

/** The three station shapes, one per kind (exported so API bodies can extend them: libs/contracts api/registry.ts). */
export const wastewaterStationSchema = z.strictObject({
  ...stationBase,
  kind: z.literal('wastewater'),
  standard: wastewaterStandardSchema,
});
export const airStationSchema = z.strictObject({
  ...stationBase,
  kind: z.literal('air'),
  standard: airStandardSchema,
});
export const wasteStationSchema = z.strictObject({
  ...stationBase,
  kind: z.literal('waste'),
  standard: wasteStandardSchema,
});

export const stationSchema = z.discriminatedUnion('kind', [
  wastewaterStationSchema,
  airStationSchema,
  wasteStationSchema,
]);

/** A cluster without its stations: what `POST/PUT /api/registry/clusters` take. */
export const clusterInfoSchema = z.strictObject({
  id: slug,
  name: text,
  craft: z.strictObject({ vi: text, en: text }),
  /** Ward or commune after the 2025 merger (province → ward/commune), e.g. "Phường Phong Khê". */
  commune: text,
  location: locationSchema,
  manager: contactSchema,
  /** Further people who receive the cluster's alerts (deputies, plant operators); optional. */
  contacts: z.array(contactSchema).max(REGISTRY_LIMITS.contacts).optional(),
});

/**
 * A craft-village cluster and its stations. A cluster may have no station yet (created over the API before its
 * first station is added).
 */
export const clusterSchema = clusterInfoSchema.extend({
  stations: z.array(stationSchema).max(REGISTRY_LIMITS.stationsPerCluster),
});

export const registrySchema = z
  .strictObject({
    province: text,
    /**
     * The provincial department (Sở Nông nghiệp và Môi trường) that critical alerts escalate to when nobody
     * acknowledges them in time; optional (no escalation by e-mail without it).
     */
    department: contactSchema.optional(),
    clusters: z.array(clusterSchema).min(1).max(REGISTRY_LIMITS.clusters),
  })
  .superRefine((registry, ctx) => {
    const clusterIds = new Set<string>();
    const stationIds = new Set<string>();
    const tt10Names = new Set<string>();
    registry.clusters.forEach((cluster, ci) => {
      if (clusterIds.has(cluster.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', ci, 'id'],
          message: `duplicate cluster id "${cluster.id}"`,
        });
      }
      clusterIds.add(cluster.id);
      cluster.stations.forEach((station, si) => {
        if (stationIds.has(station.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['clusters', ci, 'stations', si, 'id'],
            message: `duplicate station id "${station.id}" (station ids are unique across the province)`,
          });
        }
        stationIds.add(station.id);
        if (station.tt10 !== undefined) {
          if (tt10Names.has(station.tt10)) {
            ctx.addIssue({
              code: 'custom',
              path: ['clusters', ci, 'stations', si, 'tt10'],
              message: `duplicate TT 10 name "${station.tt10}" (one station per file name)`,
            });
          }
          tt10Names.add(station.tt10);
        }
      });
    });
  });

export type Location = z.infer<typeof locationSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Station = z.infer<typeof stationSchema>;
export type WastewaterStation = Extract<Station, { kind: 'wastewater' }>;
export type AirStation = Extract<Station, { kind: 'air' }>;
export type WasteStation = Extract<Station, { kind: 'waste' }>;
export type Permit = z.infer<typeof permitSchema>;
export type PermitLimit = z.infer<typeof permitLimitSchema>;
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export type Cluster = z.infer<typeof clusterSchema>;
export type ClusterInfo = z.infer<typeof clusterInfoSchema>;
export type Retirement = z.infer<typeof retirementSchema>;
export type Registry = z.infer<typeof registrySchema>;

/** A station together with the cluster it belongs to. */
export interface RegisteredStation {
  readonly cluster: Cluster;
  readonly station: Station;
}

/** Thrown when a registry document does not satisfy {@link registrySchema}; `message` lists every issue. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/**
 * Validates a parsed registry document (e.g. `deploy/registry/bac-ninh.json`).
 * @throws RegistryError listing each problem with its JSON path.
 */
export function parseRegistry(document: unknown): Registry {
  const result = registrySchema.safeParse(document);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RegistryError(`invalid station registry:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Looks stations up by id (and by TT 10 file name). */
export class StationIndex {
  private readonly byId = new Map<string, RegisteredStation>();
  private readonly byTt10 = new Map<string, RegisteredStation>();

  constructor(readonly registry: Registry) {
    for (const cluster of registry.clusters) {
      for (const station of cluster.stations) {
        this.byId.set(station.id, { cluster, station });
        if (station.tt10 !== undefined) this.byTt10.set(station.tt10, { cluster, station });
      }
    }
  }

  get(stationId: string): RegisteredStation | undefined {
    return this.byId.get(stationId);
  }

  /** The station whose `tt10` name is `<TenTinh>_<TenCoSo>_<TenTram>` (compared in NFC), if any. */
  getByTt10(name: string): RegisteredStation | undefined {
    return this.byTt10.get(name.normalize('NFC'));
  }

  /** Every station, retired ones included (their history stays readable). */
  all(): RegisteredStation[] {
    return [...this.byId.values()];
  }

  /** The stations in service (not retired): the overview, alert rules, the deadman. */
  active(): RegisteredStation[] {
    return this.all().filter(({ station }) => station.retired === undefined);
  }
}
