import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { REJECTION_REASONS } from '@langxanh/contracts';

/**
 * Prometheus metrics of the ingester (served at `GET /api/metrics`), also summarised in `GET /api/health`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly messages = new Counter({
    name: 'langxanh_mqtt_messages_total',
    help: 'MQTT messages received, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  readonly readingsAccepted = new Counter({
    name: 'langxanh_readings_accepted_total',
    help: 'Readings accepted and handed to storage',
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'langxanh_rejections_total',
    help: 'Rejected messages or values, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly pointsWritten = new Counter({
    name: 'langxanh_points_written_total',
    help: 'Points confirmed written to InfluxDB',
    registers: [this.registry],
  });
  readonly writeFailures = new Counter({
    name: 'langxanh_write_failures_total',
    help: 'Failed InfluxDB write attempts (retried or not)',
    registers: [this.registry],
  });
  readonly pointsDropped = new Counter({
    name: 'langxanh_points_dropped_total',
    help: 'Points given up after the retry time or lost at shutdown (never silently)',
    registers: [this.registry],
  });
  readonly alertTransitions = new Counter({
    name: 'langxanh_alert_transitions_total',
    help: 'Alert changes, by kind of change',
    labelNames: ['change'] as const,
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'langxanh_notifications_total',
    help: 'Alert notifications by channel and outcome (sent, failed after every retry, suppressed by a silence, retried)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly brokerConnected = new Gauge({
    name: 'langxanh_broker_connected',
    help: '1 when connected to the MQTT broker',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const reason of REJECTION_REASONS) this.rejections.inc({ reason }, 0);
  }

  /** Current value of a counter without labels, or a map label → value. */
  async total(counter: Counter): Promise<number> {
    const { values } = await counter.get();
    return values.reduce((sum, v) => sum + v.value, 0);
  }

  async rejectionsByReason(): Promise<Record<string, number>> {
    const { values } = await this.rejections.get();
    return Object.fromEntries(values.filter((v) => v.value > 0).map((v) => [String(v.labels.reason), v.value]));
  }
}
