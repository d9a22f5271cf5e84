import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { alertTopic, type AlertNotification } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import type { NotificationChannel } from './notification';

/** A publish not acknowledged by the broker within this is a failure (retried by the notifier). */
const PUBACK_TIMEOUT_MS = 10_000;

/**
 * MQTT channel: the {@link AlertNotification} JSON on `langxanh/v1/{cluster}/alerts` at QoS 1, **not retained** —
 * each message is an event (a retained one would replay an old "raised" to every new subscriber after it was
 * resolved); the current state is `GET /api/alerts`. Success when the broker acknowledges (PUBACK).
 * Enabled by `ALERT_MQTT_ENABLED` (default true).
 */
@Injectable()
export class MqttAlertChannel implements NotificationChannel {
  readonly name = 'mqtt' as const;
  readonly enabled: boolean;

  constructor(
    private readonly mqtt: MqttAdapter,
    config: ConfigService<Env, true>,
  ) {
    this.enabled = config.get('ALERT_MQTT_ENABLED', { infer: true });
  }

  async send(n: AlertNotification): Promise<void> {
    if (!this.mqtt.connected) throw new Error('not connected to the broker');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PUBACK_TIMEOUT_MS);
    });
    try {
      const ok = await Promise.race([this.mqtt.publish(alertTopic(n.cluster.id), JSON.stringify(n), { qos: 1, retain: false }), timeout]);
      if (!ok) throw new Error(`no PUBACK for ${alertTopic(n.cluster.id)} within ${PUBACK_TIMEOUT_MS} ms, or publish failed`);
    } finally {
      clearTimeout(timer);
    }
  }
}
