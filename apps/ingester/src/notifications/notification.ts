import type { AlertDto, AlertNotification, NotificationChannelName, NotificationStage } from '@langxanh/contracts';
import { FROZEN_SENSOR_RULE_PREFIX } from '@langxanh/alerting';

/** A delivery channel (e-mail, webhook, MQTT, Telegram, Zalo): an adapter that does the I/O, nothing else. */
export interface NotificationChannel {
  readonly name: NotificationChannelName;
  /** Configured (e.g. SMTP_HOST set). Disabled channels are skipped without a record. */
  readonly enabled: boolean;
  /**
   * Delivers once; rejects on failure (the notifier retries, unless the error says `retriable: false`; it waits at
   * least the error's `retryAfterMs` when given: `DeliveryError` in chat.ts).
   */
  send(notification: AlertNotification): Promise<void>;
  /**
   * The channel's own addresses of the recipients (Telegram chat ids, Zalo user ids), recorded in the delivery
   * record instead of their e-mails. An empty list: nobody of this cluster uses the channel, so nothing is sent
   * nor recorded. Absent: the channel goes to the recipients' e-mails (or, as webhook and MQTT, to one place).
   */
  addresses?(notification: AlertNotification): readonly string[];
}

/** Injection token of the list of {@link NotificationChannel}s. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');

const SEVERITY = { vi: { warning: 'Cảnh báo', critical: 'Nghiêm trọng' }, en: { warning: 'Warning', critical: 'Critical' } } as const;
const STAGE = {
  vi: { raised: '', escalated: 'CHUYỂN CẤP — chưa ai xác nhận: ', acknowledged: 'Đã xác nhận: ', resolved: 'Đã hết: ' },
  en: { raised: '', escalated: 'ESCALATED — not acknowledged: ', acknowledged: 'Acknowledged: ', resolved: 'Resolved: ' },
} as const;

/** The one-line summaries of a notification (the e-mail subject), in Vietnamese and English. */
export function summarise(stage: NotificationStage, alert: AlertDto, stationName: string, clusterName: string): { vi: string; en: string } {
  const limit = [alert.min, alert.max].filter((v) => v !== undefined).join('–');
  const what =
    alert.type === 'offline'
      ? { vi: `trạm mất tín hiệu ${alert.lastValue} phút`, en: `station silent for ${alert.lastValue} min` }
      : alert.type === 'device-fault' && alert.ruleId.startsWith(FROZEN_SENSOR_RULE_PREFIX)
        ? { vi: `cảm biến ${alert.parameter} đứng giá trị ${alert.lastValue}`, en: `${alert.parameter} sensor frozen at ${alert.lastValue}` }
        : alert.type === 'device-fault'
        ? { vi: `thiết bị đo ${alert.parameter} báo lỗi (02)`, en: `${alert.parameter} analyser reports a device error (02)` }
        : {
            vi: `${alert.parameter} ${alert.lastValue} ${alert.unit} (giới hạn ${limit} ${alert.unit}, ${alert.source.document})`,
            en: `${alert.parameter} ${alert.lastValue} ${alert.unit} (limit ${limit} ${alert.unit}, ${alert.source.document})`,
          };
  return {
    vi: `[LàngXanh] ${STAGE.vi[stage]}${SEVERITY.vi[alert.severity]}: ${what.vi} — ${stationName}, ${clusterName}`,
    en: `[LàngXanh] ${STAGE.en[stage]}${SEVERITY.en[alert.severity]}: ${what.en} — ${stationName}, ${clusterName}`,
  };
}
