import { parseTopic, validateReading, type StationIndex, type ValidationOutcome } from '@langxanh/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { CliContext } from '../cli';
import type { Logger } from '../lib/logger';

/** One message as a subscriber received it. */
export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly at: number;
}

/** A subscriber that records everything under `langxanh/v1/#` (QoS 1). Close it with `close()`. */
export interface Capture {
  readonly messages: Received[];
  readings(station?: string): Received[];
  statuses(station?: string): Received[];
  close(): Promise<void>;
}

export async function capture(url: string, filter = 'langxanh/v1/#'): Promise<Capture> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    clientId: `sim-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    clean: true,
  });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, at: Date.now() }),
  );
  await client.subscribeAsync(filter, { qos: 1 });
  const of = (channel: string, station?: string) =>
    messages.filter(
      (m) => m.topic.endsWith(`/${channel}`) && (!station || m.topic.split('/')[4] === station),
    );
  return {
    messages,
    readings: (station) => of('reading', station),
    statuses: (station) => of('status', station),
    close: () => client.endAsync(),
  };
}

/** Validates a received reading with the contract, as the ingester would. */
export function validate(message: Received, stations: StationIndex): ValidationOutcome {
  const topic = parseTopic(message.topic);
  if (!topic) throw new Error(`not a LàngXanh topic: ${message.topic}`);
  return validateReading(topic, message.payload, { stations, now: Date.now() });
}

/** A CLI context that keeps log lines in memory and installs no signal handlers. */
export function testContext(): { context: CliContext; lines: string[]; progress: string[] } {
  const lines: string[] = [];
  const progress: string[] = [];
  const logger = (): Logger => ({
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  });
  return {
    lines,
    progress,
    context: {
      logger,
      handleSignals: false,
      writeOut: (s) => lines.push(s),
      writeErr: (s) => lines.push(s),
      progress: () => ({
        start: (n) => progress.push(`start ${n}`),
        update: () => undefined,
        stop: () => progress.push('stop'),
      }),
    },
  };
}
