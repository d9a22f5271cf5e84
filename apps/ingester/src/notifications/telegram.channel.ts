import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AlertNotification } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { DeliveryError, deliverEach, MAX_RETRY_AFTER_MS, PartialDeliveries, chatText, postJson } from './chat';
import type { NotificationChannel } from './notification';

/** Longest `text` of a Telegram `sendMessage` (core.telegram.org/bots/api#sendmessage: 1–4096 characters). */
export const TELEGRAM_MAX_TEXT = 4_096;

/** The Bot API's answer (core.telegram.org/bots/api#making-requests): `ok`, or `error_code` + `description`. */
interface TelegramAnswer {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/**
 * Telegram Bot API channel (`TELEGRAM_BOT_TOKEN`): one `POST {TELEGRAM_API_URL}/bot<token>/sendMessage` with JSON
 * `{chat_id, text}` (plain text, no `parse_mode`: summaries carry `<`, `_` and `*` that Markdown/HTML would need
 * escaped) per recipient with a registry `telegramChatId` — the cluster's manager and contacts, the department on
 * escalation. Success is HTTP 200 with `{"ok": true}`. Failures (the Bot API's `{ok: false, error_code,
 * description}`): 429 and 5xx and no answer are retried by the notifier, waiting at least `parameters.retry_after`
 * seconds (capped at {@link MAX_RETRY_AFTER_MS}); other 4xx (400 chat not found, 401 bad token, 403 bot blocked)
 * are not. A retry goes only to the chats not yet reached. The token is never logged (`***` in messages).
 */
@Injectable()
export class TelegramChannel implements NotificationChannel {
  readonly name = 'telegram' as const;
  readonly enabled: boolean;
  private readonly token: string;
  private readonly base: string;
  private readonly partial = new PartialDeliveries();

  constructor(config: ConfigService<Env, true>) {
    this.token = config.get('TELEGRAM_BOT_TOKEN', { infer: true });
    this.base = config.get('TELEGRAM_API_URL', { infer: true }).replace(/\/+$/, '');
    this.enabled = this.token !== '';
  }

  /** The chat ids of the notification's recipients (each once). */
  addresses(n: AlertNotification): string[] {
    return [...new Set(n.recipients.flatMap((r) => (r.telegramChatId ? [r.telegramChatId] : [])))];
  }

  async send(n: AlertNotification): Promise<void> {
    const text = chatText(n, TELEGRAM_MAX_TEXT);
    await deliverEach(n.key, this.addresses(n), this.partial, (chatId) => this.sendOne(chatId, text));
  }

  private async sendOne(chatId: string, text: string): Promise<void> {
    const { status, json } = await postJson(
      'Telegram Bot API',
      `${this.base}/bot${this.token}/sendMessage`,
      { chat_id: chatId, text },
      {},
      this.token,
    );
    const answer = (json ?? {}) as TelegramAnswer;
    if (status === 200 && answer.ok === true) return;
    const code = answer.error_code ?? status;
    const description = typeof answer.description === 'string' ? answer.description.slice(0, 200).split(this.token).join('***') : `HTTP ${status}`;
    const retryAfterS = answer.parameters?.retry_after;
    const retryAfterMs =
      typeof retryAfterS === 'number' && Number.isFinite(retryAfterS) && retryAfterS > 0
        ? Math.min(retryAfterS * 1_000, MAX_RETRY_AFTER_MS)
        : undefined;
    const retriable = status === 429 || status >= 500 || status < 400;
    throw new DeliveryError(`Telegram chat ${chatId}: ${code} ${description}`, retriable, retryAfterMs);
  }
}
