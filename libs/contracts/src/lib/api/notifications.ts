import type { StationKind } from '../station-kind';
import type { AlertDto } from './alerts';

/**
 * What a notification is about, once per alert: `raised` (at each severity: a warning that becomes critical is
 * notified again), `escalated` (critical, not acknowledged in time: the department is added), `acknowledged`,
 * `resolved`.
 */
export type NotificationStage = 'raised' | 'escalated' | 'acknowledged' | 'resolved';

/** The channels a notification is delivered on (in-app is the socket.io `alert` event, not a channel). */
export type NotificationChannelName = 'email' | 'webhook' | 'mqtt' | 'telegram' | 'zalo';

/** A person who receives a notification (registry: cluster `manager` and `contacts`, province `department`). */
export interface Recipient {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly role: 'manager' | 'contact' | 'department';
  /** Telegram `chat_id` (registry `telegramChatId`), when the person receives alerts on Telegram. */
  readonly telegramChatId?: string;
  /** Zalo OA follower id (registry `zaloUserId`), when the person receives alerts on Zalo. */
  readonly zaloUserId?: string;
}

/**
 * One notification, as the webhook and the MQTT alert topic (`alertTopic`: `langxanh/v1/{cluster}/alerts`) carry it
 * (JSON, `version` 1) and as e-mails are written from. `key` is its idempotency key
 * (`{alert id}|{stage}[:{severity}]`): the same key is never delivered twice on one channel, across restarts.
 */
export interface AlertNotification {
  readonly version: 1;
  readonly key: string;
  readonly stage: NotificationStage;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  readonly alert: AlertDto;
  readonly cluster: { readonly id: string; readonly name: string };
  readonly station: { readonly id: string; readonly name: string; readonly kind: StationKind };
  readonly recipients: readonly Recipient[];
  /** A one-line summary in Vietnamese and English (the e-mail subject). */
  readonly summary: { readonly vi: string; readonly en: string };
}

/**
 * The final outcome of one notification on one channel, stored in `alert_notification` and listed by
 * `GET /api/notifications`.
 */
export interface DeliveryRecord {
  /** `{notification key}|{channel}`. */
  readonly id: string;
  readonly key: string;
  readonly channel: NotificationChannelName;
  readonly alertId: string;
  readonly cluster: string;
  readonly station: string;
  readonly stage: NotificationStage;
  /** `sent`; `failed` after NOTIFY_MAX_ATTEMPTS; `suppressed` by a silence or maintenance window. */
  readonly outcome: 'sent' | 'failed' | 'suppressed';
  readonly attempts: number;
  readonly error?: string;
  readonly silence?: string;
  readonly recipients: readonly string[];
  /** ISO 8601 UTC. */
  readonly at: string;
}
