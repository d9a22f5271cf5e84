import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import type { AlertNotification } from '@langxanh/contracts';
import type { NotificationChannel } from './notification';

/**
 * Generic JSON webhook (`ALERT_WEBHOOK_URL`): `POST` with the {@link AlertNotification} as the body
 * (`content-type: application/json`) and its key in the `Idempotency-Key` header, so a receiver (e.g. a Zalo or
 * Telegram bridge) can drop a retried delivery it already got. Any 2xx is success; anything else, or no answer
 * within 10 s, is a failure (retried by the notifier). Disabled when the URL is empty.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;
  readonly enabled: boolean;
  private readonly url: string;

  constructor(config: ConfigService<Env, true>) {
    this.url = config.get('ALERT_WEBHOOK_URL', { infer: true });
    this.enabled = this.url !== '';
  }

  async send(n: AlertNotification): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': n.key },
      body: JSON.stringify(n),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  }
}
