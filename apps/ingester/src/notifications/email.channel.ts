import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import nodemailer, { type Transporter } from 'nodemailer';
import { toVietnamIso, type AlertNotification } from '@langxanh/contracts';
import type { Env } from '../config/env';
import type { NotificationChannel } from './notification';

/** Plain-text body of an alert e-mail: Vietnamese first, then English; times in Vietnam time. */
export function emailText(n: AlertNotification): string {
  const a = n.alert;
  const lines = [
    n.summary.vi,
    '',
    `Trạm: ${n.station.name} (${n.station.id}), ${n.cluster.name}`,
    `Thông số: ${a.parameter}; giá trị ${a.lastValue} ${a.unit}; cao nhất ${a.peakValue} ${a.unit}`,
    `Nguồn giới hạn: ${a.source.document} ${a.source.clause} (hiệu lực từ ${a.source.effectiveFrom})`,
    `Bắt đầu: ${toVietnamIso(Date.parse(a.raisedAt))}`,
    ...(a.acknowledgedBy ? [`Xác nhận bởi ${a.acknowledgedBy} lúc ${toVietnamIso(Date.parse(a.acknowledgedAt ?? a.raisedAt))}`] : []),
    ...(a.resolvedAt ? [`Kết thúc: ${toVietnamIso(Date.parse(a.resolvedAt))}`] : []),
    `Mã cảnh báo: ${a.id}`,
    '',
    '---',
    n.summary.en,
  ];
  return lines.join('\n');
}

/**
 * E-mail channel (nodemailer over SMTP: `SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURE`, `SMTP_USER`/`SMTP_PASS`,
 * `SMTP_FROM`). One message per notification to all its recipients; the idempotency key is sent as the
 * `Message-ID`-like header `X-LangXanh-Key`. Disabled when `SMTP_HOST` is empty.
 */
@Injectable()
export class EmailChannel implements NotificationChannel, OnApplicationShutdown {
  readonly name = 'email' as const;
  readonly enabled: boolean;
  private readonly logger = new Logger(EmailChannel.name);
  private readonly transport?: Transporter;
  private readonly from: string;

  constructor(config: ConfigService<Env, true>) {
    const host = config.get('SMTP_HOST', { infer: true });
    this.from = config.get('SMTP_FROM', { infer: true });
    this.enabled = host !== '';
    if (this.enabled) {
      const user = config.get('SMTP_USER', { infer: true });
      this.transport = nodemailer.createTransport({
        host,
        port: config.get('SMTP_PORT', { infer: true }),
        secure: config.get('SMTP_SECURE', { infer: true }),
        ...(user ? { auth: { user, pass: config.get('SMTP_PASS', { infer: true }) ?? '' } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
      this.logger.log(`e-mail notifications through ${host}`);
    }
  }

  async send(n: AlertNotification): Promise<void> {
    if (!this.transport) throw new Error('e-mail is not configured (SMTP_HOST)');
    const to = n.recipients.map((r) => `${r.name} <${r.email}>`);
    if (to.length === 0) return;
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: n.summary.vi,
      text: emailText(n),
      headers: { 'X-LangXanh-Key': n.key },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
