import { DATA_LOCATION_DEFAULTS } from '@langxanh/data-format';
import { z } from 'zod';
import { DEAD_LETTER_TOPIC_PREFIX, MAX_STORED_ALERT_BYTES } from '@langxanh/contracts';
import { trustProxyProblem } from '../common/trust-proxy';
import { weakPasswordReason, weakSecretReason } from './secret-strength';

/** The run modes, spelt exactly (Node's and Express's convention: lower case). */
export const NODE_ENVS = ['development', 'production', 'test'] as const;

/**
 * Every environment variable the ingester reads, with its default. Validated once at start-up
 * (`ConfigModule.forRoot({ validate })`); an invalid value stops the process with the list of problems.
 * The README's configuration table mirrors this schema.
 */
export const envSchema = z.object({
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Comma-separated origins allowed by CORS for the REST API and socket.io; empty = same origin only. */
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /**
   * `production` makes AUTH_JWT_SECRET mandatory and checks it and ADMIN_PASSWORD for strength. Spelt exactly:
   * `Production` or `prod` is refused, not run as development.
   */
  NODE_ENV: z
    .string()
    .default('development')
    .refine((v): v is (typeof NODE_ENVS)[number] => (NODE_ENVS as readonly string[]).includes(v), {
      error: (issue) =>
        `must be exactly one of ${NODE_ENVS.join(', ')} (lower case), got ${JSON.stringify(issue.input)}`,
    }),
  /** Folder of `auth.json` (users, API-token hashes) and `audit.jsonl`; created if missing. */
  AUTH_DATA_DIR: z.string().min(1).default(DATA_LOCATION_DEFAULTS.AUTH_DATA_DIR),
  /**
   * HMAC-SHA256 key for session tokens (JWT HS256), at least 32 characters. Required in production, where it must
   * also be random ({@link weakSecretReason}: `a`×32 or a phrase is refused); elsewhere a random key is made per
   * process (sessions end at restart). Never logged.
   */
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Session lifetime, seconds (default 8 h: one working day). */
  AUTH_SESSION_TTL_S: z.coerce.number().int().min(60).max(7 * 86_400).default(28_800),
  /** bcrypt cost factor of password hashes (2^cost rounds); 12 in production, lower only in tests. */
  AUTH_BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /**
   * First administrator, created at the first start when no user exists. In production the password must not be
   * a common or patterned one ({@link weakPasswordReason}). Never logged.
   */
  ADMIN_USERNAME: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  /** Login attempts allowed per client IP and username within AUTH_LOGIN_WINDOW_S; more answer 429. */
  AUTH_LOGIN_LIMIT: z.coerce.number().int().min(1).default(5),
  AUTH_LOGIN_WINDOW_S: z.coerce.number().int().min(1).default(60),
  /** Login attempts allowed per client IP (any usernames) within AUTH_LOGIN_WINDOW_S. */
  AUTH_LOGIN_IP_LIMIT: z.coerce.number().int().min(1).default(30),
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed, as Express `trust proxy` addresses: comma-separated
   * IPs, CIDR subnets or `loopback` / `linklocal` / `uniquelocal`; empty = none. `true` and hop counts are refused:
   * they let any client that reaches the ingester directly forge its address (rate limits, audit log).
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      const problem = trustProxyProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),

  /** The registry file: the seed of a new install (version 1 when REGISTRY_DATA_DIR holds no version yet). */
  REGISTRY_FILE: z.string().default(DATA_LOCATION_DEFAULTS.REGISTRY_FILE),
  /**
   * Folder of the registry's versions (`v000001.json`…, docs/registry.md); created if missing. The newest version is
   * the registry in force, so changes made over the API survive restarts. Default: `registry/` inside
   * AUTH_DATA_DIR (the ingester's own state folder: an install or test with its own AUTH_DATA_DIR never shares it).
   */
  REGISTRY_DATA_DIR: z.string().min(1).optional(),
  /**
   * Production mode (docs/deploy.md): the built dashboard (`dist/apps/dashboard`), served by the ingester on its own
   * port with the build's security headers (apps/ingester/src/web). Empty = not served (`npm start` uses `vite preview`).
   */
  DASHBOARD_DIR: z.string().max(4_096).default(''),

  MQTT_URL: z.string().url().default('mqtt://127.0.0.1:1883'),
  /**
   * Fixed across restarts (the broker keeps the persistent QoS 1 session under it) and unique per instance: a second
   * instance with the same id is detected as a session take-over and refuses to run (exit 78).
   */
  MQTT_CLIENT_ID: z.string().min(1).max(128).optional(),
  /**
   * This node's name (letters, digits, `-`; at most 40): `/api/health`, metrics, the cluster's membership keys in
   * Redis, and the default MQTT_CLIENT_ID `langxanh-ingester-<NODE_ID>` (so each node has its own persistent
   * session). Unique per node (docs/high-availability.md).
   */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'letters, digits and "-", at most 40')
    .default('1'),
  /**
   * Redis (`redis://[user:password@]host:port[/db]`): set, this node is one of several sharing the load
   * (docs/high-availability.md): `$share/MQTT_SHARE_GROUP/…` subscriptions, ownership of stations, exactly-once
   * claims of alert and notification announcements, socket.io's Redis adapter. Unset (the default): one node, as
   * before.
   */
  REDIS_URL: z.union([z.literal(''), z.string().url().regex(/^rediss?:\/\//, 'redis:// or rediss://')]).default(''),
  /** Shared-subscription group of the nodes (`$share/<group>/…`, MQTT 5.0 §4.8.2: no `/`, `+`, `#`). */
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" and "-", at most 64')
    .default('langxanh-ingesters'),
  /**
   * A node whose heartbeat (every third of this) has not reached Redis for this long is gone: its stations pass to
   * the others, which then announce what it had not (ms; docs/high-availability.md).
   */
  CLUSTER_NODE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(5_000),
  /**
   * The broker's `max_queued_messages`, as configured there (0 = no limit); Mosquitto does not publish it. Declared,
   * it is checked at start-up against the registry's readings (mqtt/broker-safety.ts). Unset: unknown.
   */
  MQTT_BROKER_MAX_QUEUED_MESSAGES: z.coerce.number().int().min(0).optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /**
   * Broker account of the evaluation session (several nodes; docs/high-availability.md). Default MQTT_USERNAME /
   * MQTT_PASSWORD; its own account is needed where the broker takes the username as client id
   * (`use_username_as_clientid`), so that the node's two sessions do not take each other over.
   */
  MQTT_EVAL_USERNAME: z.string().optional(),
  MQTT_EVAL_PASSWORD: z.string().optional(),
  /** MQTT keep-alive in seconds: a silent broker is detected after 1.5 × this (mqtt.js). */
  MQTT_KEEPALIVE_S: z.coerce.number().int().min(1).max(65535).default(30),
  /** Reconnection back-off: from the first value, doubling, up to the second (≤ 4 s: back within 5 s of the broker). */
  MQTT_RECONNECT_MIN_MS: z.coerce.number().int().positive().default(500),
  MQTT_RECONNECT_MAX_MS: z.coerce.number().int().positive().default(4_000),
  MQTT_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Rejected messages are published here (`{prefix}/{reason}`, QoS 0) with their original payload; empty = off. */
  DEAD_LETTER_TOPIC_PREFIX: z.string().default(DEAD_LETTER_TOPIC_PREFIX),
  /** Largest accepted payload in bytes, checked before parsing. */
  MAX_PAYLOAD_BYTES: z.coerce.number().int().positive().default(16_384),

  /**
   * Folder of the TT 10/2021 FTP intake (docs/tt10.md): `home/<station id>/` are the FTP accounts' folders the
   * dataloggers upload to; ingested files move to `processed/`, refused ones to `rejected/`. Empty = no TT 10 intake.
   */
  TT10_FTP_DIR: z.string().default(''),
  /** How often the TT 10 folders are looked at for complete uploads (ms). */
  TT10_SCAN_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** Most files taken from one account's folder per look (the rest wait for the next; bounded work per tick). */
  TT10_MAX_FILES_PER_SCAN: z.coerce.number().int().min(1).max(10_000).default(200),

  INFLUX_URL: z.string().url().default('http://127.0.0.1:8086'),
  /** `auto` detects from `GET /ping` (1.x → v1 `/write`; 2.x/3.x → v2 `/api/v2/write`). */
  INFLUX_API: z.enum(['auto', 'v1', 'v2']).default('auto'),
  /** v1 database, or the v2/v3 bucket. */
  INFLUX_DATABASE: z.string().min(1).default('langxanh'),
  INFLUX_RETENTION_POLICY: z.string().optional(),
  INFLUX_ORG: z.string().optional(),
  INFLUX_TOKEN: z.string().optional(),
  INFLUX_USERNAME: z.string().optional(),
  INFLUX_PASSWORD: z.string().optional(),
  /**
   * Directory of the on-disk spool (every accepted reading and alert state is appended there before the broker gets
   * its PUBACK, then written to InfluxDB in order). One ingester per directory.
   */
  SPOOL_DIR: z.string().min(1).default(DATA_LOCATION_DEFAULTS.SPOOL_DIR),
  /** Bound on data waiting in the spool, in bytes (1 GiB ≈ 5 million readings of ~200 bytes). */
  SPOOL_MAX_BYTES: z.coerce.number().int().positive().default(1_073_741_824),
  /** Segment file size; at most SPOOL_MAX_BYTES / 4. */
  SPOOL_SEGMENT_BYTES: z.coerce.number().int().positive().default(8_388_608),
  /**
   * When the spool is full: `block` stops acknowledging messages (the broker holds them for the persistent session;
   * nothing is dropped here) or `drop-oldest` deletes the oldest segment and counts its readings exactly
   * (`langxanh_spool_dropped_lines_total`). Either way it is logged.
   */
  SPOOL_FULL_POLICY: z.enum(['block', 'drop-oldest']).default('block'),
  /** fsync of the spool every this many ms (power-loss window); 0 = after every reading (slow). */
  SPOOL_FSYNC_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  /**
   * Largest InfluxDB write request, in bytes of line protocol. At least MAX_STORED_ALERT_BYTES (1 MiB, libs/contracts):
   * the largest alert line the API allows must fit one request (a longer spool line is quarantined, never written).
   */
  INFLUX_WRITE_BATCH_BYTES: z.coerce.number().int().min(MAX_STORED_ALERT_BYTES).default(2_097_152),
  /**
   * After a write, the next one waits up to this many ms for more lines unless a backlog (half a batch) is pending:
   * fewer, larger requests at low rates (a request costs the ingester and InfluxDB far more than a line). 0 = none.
   */
  INFLUX_WRITE_LINGER_MS: z.coerce.number().int().min(0).max(5_000).default(100),
  /** Back-off between failed InfluxDB writes: from the first value, doubling, up to the second. */
  INFLUX_RETRY_MIN_MS: z.coerce.number().int().positive().default(500),
  INFLUX_RETRY_MAX_MS: z.coerce.number().int().positive().default(30_000),

  /** Live `reading` events: at most one per station per this many ms (the newest wins). */
  LIVE_THROTTLE_MS: z.coerce.number().int().min(0).default(1000),
  /** A station is offline after this many expected intervals without a reading. */
  OFFLINE_AFTER_INTERVALS: z.coerce.number().positive().default(3),
  /** A station that never reported since start-up (and has no stored reading) is flagged offline after this. */
  OFFLINE_GRACE_S: z.coerce.number().int().min(0).default(600),
  /**
   * One `ingester/link-down` alert once the broker connection has been down longer than this; while it is down,
   * the stations' silence is not counted (docs/alert-rules.md).
   */
  INGEST_LINK_ALERT_AFTER_S: z.coerce.number().int().min(1).default(60),
  /**
   * Alert acknowledgements and comments allowed per signed-in person within ALERT_WRITE_WINDOW_S; more answer 429.
   * 60 a minute: one person can acknowledge every station of the demo province (33) in one window and comment on
   * most, while a script cannot grow the stored alerts faster than a person types.
   */
  ALERT_WRITE_LIMIT: z.coerce.number().int().min(1).default(60),
  ALERT_WRITE_WINDOW_S: z.coerce.number().int().min(1).default(60),
  /** How often the deadman and escalation checks run (ms). */
  ALERT_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),

  /** A critical alert still `active` (not acknowledged) this long after it was raised is escalated to the department. */
  ALERT_ESCALATE_AFTER_S: z.coerce.number().int().positive().default(1_800),
  /** Attempts per notification (the first included) before it is given up and counted as failed. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Wait before the first retry of a failed notification; doubled at each further attempt (ms). */
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5_000),
  /** SMTP server for e-mail notifications; e-mail is off when empty. */
  SMTP_HOST: z.string().default(''),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** `true`: TLS from the start (port 465); `false`: STARTTLS when the server offers it. */
  SMTP_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().default('LàngXanh <canhbao@langxanh.invalid>'),
  /** Generic JSON webhook (POST) for every notification, e.g. a Zalo or Telegram bridge; off when empty. */
  ALERT_WEBHOOK_URL: z.union([z.literal(''), z.string().url()]).default(''),
  /** Publish notifications on `langxanh/v1/{cluster}/alerts` (QoS 1, not retained). */
  ALERT_MQTT_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /**
   * Telegram channel (notifications/telegram.channel.ts): the bot's token from @BotFather (`<digits>:<35+ chars>`);
   * off when empty. Sent to each recipient with a registry `telegramChatId`. A secret: never logged.
   */
  TELEGRAM_BOT_TOKEN: z
    .union([z.literal(''), z.string().regex(/^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$/, 'a Telegram bot token, <digits>:<characters>')])
    .default(''),
  /** Base URL of the Telegram Bot API (`{base}/bot<token>/sendMessage`); another only for a local Bot API server or tests. */
  TELEGRAM_API_URL: z.string().url().default('https://api.telegram.org'),
  /**
   * Zalo channel (notifications/zalo.channel.ts): the Official Account's access token (header `access_token` of the
   * OA API v3); off when empty and no token file. A secret: never logged.
   */
  ZALO_OA_ACCESS_TOKEN: z.string().max(2_000).default(''),
  /**
   * A file holding the OA access token, read before each send (it expires after about 25 h: an external job refreshes
   * it with the OA's refresh token and rewrites the file). Takes precedence over ZALO_OA_ACCESS_TOKEN.
   */
  ZALO_OA_ACCESS_TOKEN_FILE: z.string().default(''),
  /** Base URL of the Zalo OA API (`{base}/v3.0/oa/message/cs`); another only for tests. */
  ZALO_API_URL: z.string().url().default('https://openapi.zalo.me'),

  /**
   * TT 10/2021 forwarding to the central system (docs/forwarding.md): the receiver, `ftp://user:password@host:port/dir`
   * or `ftps://…` (explicit TLS); empty = no forwarding. Never logged with its password.
   */
  FORWARD_FTP_URL: z.string().default(''),
  /** Comma-separated registry station ids whose readings are forwarded (at most 500). */
  FORWARD_STATIONS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((ids) => ids.length <= 500, 'at most 500 stations'),
  /** `<TenTinh>` of the file names of stations without a registry `tt10` name (default BN, Bắc Ninh). */
  FORWARD_PROVINCE: z.string().regex(/^[\p{L}\p{N}.-]{1,64}$/u).default('BN'),
  /** The forwarder's durable queue (one TT 10 file per reading, uploaded in order). */
  FORWARD_DIR: z.string().min(1).default(DATA_LOCATION_DEFAULTS.FORWARD_DIR),
  /** Most files waiting in the queue; further readings are not queued (counted and logged). */
  FORWARD_QUEUE_MAX_FILES: z.coerce.number().int().min(1).max(10_000_000).default(1_000_000),
  /** Back-off after a failed upload, doubling up to the maximum. */
  FORWARD_RETRY_MIN_MS: z.coerce.number().int().positive().default(1_000),
  FORWARD_RETRY_MAX_MS: z.coerce.number().int().positive().default(60_000),
});

/** The validated configuration; MQTT_CLIENT_ID is always set (default `langxanh-ingester-<NODE_ID>`). */
export type Env = Omit<z.infer<typeof envSchema>, 'MQTT_CLIENT_ID'> & { readonly MQTT_CLIENT_ID: string };

/** Rules across variables, checked by {@link validateEnv}. */
const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production') {
    const weakSecret = env.AUTH_JWT_SECRET === undefined ? 'required' : weakSecretReason(env.AUTH_JWT_SECRET);
    if (weakSecret) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: `${weakSecret} when NODE_ENV=production` });
    }
    const weakPassword = env.ADMIN_PASSWORD === undefined ? undefined : weakPasswordReason(env.ADMIN_PASSWORD);
    if (weakPassword) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: `${weakPassword} when NODE_ENV=production` });
    }
  }
  if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together' });
  }
});

/** `ConfigModule` validator. @throws Error listing each invalid variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const result = checkedEnvSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...result.data, MQTT_CLIENT_ID: result.data.MQTT_CLIENT_ID ?? `langxanh-ingester-${result.data.NODE_ID}` };
}
