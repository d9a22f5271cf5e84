import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AlertNotification } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { DeliveryError, deliverEach, PartialDeliveries, chatText, postJson } from './chat';
import type { NotificationChannel } from './notification';

/** Longest text of a Zalo OA text message (OA API v3 "Gửi tin Tư vấn": `message.text`, at most 2 000 characters). */
export const ZALO_MAX_TEXT = 2_000;

/** The OA API's answer: `error` 0 on success, a negative code and `message` otherwise — in an HTTP 200. */
interface ZaloAnswer {
  error?: number;
  message?: string;
}

/**
 * Zalo Official Account channel (`ZALO_OA_ACCESS_TOKEN` or `ZALO_OA_ACCESS_TOKEN_FILE`): one customer-service
 * ("tư vấn") text message per recipient with a registry `zaloUserId` (a follower of the OA) — the cluster's
 * manager and contacts, the department on escalation: `POST {ZALO_API_URL}/v3.0/oa/message/cs` with header
 * `access_token` and JSON `{recipient: {user_id}, message: {text}}`. Success is `{"error": 0}`; the OA API reports
 * failures as a non-zero `error` with a `message` inside HTTP 200 (e.g. -216 invalid access token, -213 user not
 * following the OA): every such answer, any non-2xx and no answer are failures the notifier retries with its
 * back-off. A retry goes only to the users not yet reached. The token is read from the file before each send (so
 * an external refresher can rotate it: OA access tokens expire after about 25 h) and never logged.
 */
@Injectable()
export class ZaloChannel implements NotificationChannel {
  readonly name = 'zalo' as const;
  readonly enabled: boolean;
  private readonly token: string;
  private readonly tokenFile: string;
  private readonly base: string;
  private readonly partial = new PartialDeliveries();

  constructor(config: ConfigService<Env, true>) {
    this.token = config.get('ZALO_OA_ACCESS_TOKEN', { infer: true });
    this.tokenFile = config.get('ZALO_OA_ACCESS_TOKEN_FILE', { infer: true });
    this.base = config.get('ZALO_API_URL', { infer: true }).replace(/\/+$/, '');
    this.enabled = this.token !== '' || this.tokenFile !== '';
  }

  /** The Zalo user ids of the notification's recipients (each once). */
  addresses(n: AlertNotification): string[] {
    return [...new Set(n.recipients.flatMap((r) => (r.zaloUserId ? [r.zaloUserId] : [])))];
  }

  async send(n: AlertNotification): Promise<void> {
    const token = await this.accessToken();
    const text = chatText(n, ZALO_MAX_TEXT);
    await deliverEach(n.key, this.addresses(n), this.partial, (userId) => this.sendOne(token, userId, text));
  }

  /** @throws DeliveryError (retriable) when the token file cannot be read or is empty. */
  private async accessToken(): Promise<string> {
    if (this.tokenFile === '') return this.token;
    try {
      const token = (await readFile(this.tokenFile, 'utf8')).trim();
      if (token === '' || token.length > 2_000) throw new Error('empty or longer than 2 000 characters');
      return token;
    } catch (error) {
      throw new DeliveryError(`Zalo access token file not usable: ${(error as Error).message}`, true);
    }
  }

  private async sendOne(token: string, userId: string, text: string): Promise<void> {
    const { status, json } = await postJson(
      'Zalo OA API',
      `${this.base}/v3.0/oa/message/cs`,
      { recipient: { user_id: userId }, message: { text } },
      { access_token: token },
      token,
    );
    const answer = (json ?? {}) as ZaloAnswer;
    if (status >= 200 && status < 300 && answer.error === 0) return;
    const message = typeof answer.message === 'string' ? answer.message.slice(0, 200).split(token).join('***') : 'no JSON answer';
    const what = answer.error !== undefined ? `error ${answer.error}` : `HTTP ${status}`;
    throw new DeliveryError(`Zalo user ${userId}: ${what} ${message}`, true);
  }
}
