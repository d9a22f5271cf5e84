import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { redactUrl, redactUrlsIn, type AlertNotification } from '@langxanh/contracts';
import type { NotificationChannel } from './notification';

/** A webhook URL split for `fetch`, which refuses URLs with credentials: the URL without them, and its Basic header. */
function splitCredentials(raw: string): { url: string; authorization?: string } {
  if (raw === '') return { url: raw };
  const url = new URL(raw);
  if (url.username === '' && url.password === '') return { url: raw };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url: url.toString(), authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/**
 * Generic JSON webhook (`ALERT_WEBHOOK_URL`): `POST` with the {@link AlertNotification} as the body
 * (`content-type: application/json`) and its key in the `Idempotency-Key` header, so a receiver (e.g. a Zalo or
 * Telegram bridge) can drop a retried delivery it already got. Credentials in the URL (`https://user:pass@host/…`)
 * are sent as HTTP Basic authorization. Any 2xx is success; anything else, or no answer within 10 s, is a failure
 * (retried by the notifier) whose message names the URL with its credentials redacted (`redactUrl`). Disabled when
 * the URL is empty.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;
  readonly enabled: boolean;
  private readonly url: string;
  private readonly authorization?: string;
  private readonly shownUrl: string;

  constructor(config: ConfigService<Env, true>) {
    const configured = config.get('ALERT_WEBHOOK_URL', { infer: true });
    ({ url: this.url, authorization: this.authorization } = splitCredentials(configured));
    this.shownUrl = redactUrl(configured);
    this.enabled = this.url !== '';
  }

  async send(n: AlertNotification): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': n.key,
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: JSON.stringify(n),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      const reason = cause?.message ? `${(error as Error).message}: ${cause.message}` : (error as Error).message;
      throw new Error(`webhook ${this.shownUrl} not reached: ${redactUrlsIn(reason)}`);
    }
    if (!response.ok) throw new Error(`webhook ${this.shownUrl} answered HTTP ${response.status}`);
  }
}
