import { isStationKind, type StationKind } from './station-kind';

/** Root of every LàngXanh topic; the `v1` level versions the topic and payload contract. */
export const TOPIC_ROOT = 'langxanh/v1';

/** Cluster and station ids: lowercase ASCII slugs (`phong-khe`, `pk-ww-01`), 1–64 characters. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The last topic level: `reading` carries a JSON reading, `status` the retained `online`/`offline` state. */
export type TopicChannel = 'reading' | 'status';

/** The parts of a LàngXanh topic `langxanh/v1/{cluster}/{kind}/{station}/{channel}`. */
export interface StationTopic {
  readonly cluster: string;
  readonly kind: StationKind;
  readonly station: string;
  readonly channel: TopicChannel;
}

/** Subscription filters the ingester uses (MQTT `+` wildcards, one per level). */
export const READING_SUBSCRIPTION = `${TOPIC_ROOT}/+/+/+/reading`;
export const STATUS_SUBSCRIPTION = `${TOPIC_ROOT}/+/+/+/status`;

/** Topic on which station `station` of `cluster` publishes its readings. */
export function readingTopic(cluster: string, kind: StationKind, station: string): string {
  return `${TOPIC_ROOT}/${cluster}/${kind}/${station}/reading`;
}

/** Retained topic with the station's `online`/`offline` state, also its MQTT last will. */
export function statusTopic(cluster: string, kind: StationKind, station: string): string {
  return `${TOPIC_ROOT}/${cluster}/${kind}/${station}/status`;
}

/**
 * Topic on which the ingester publishes the alert notifications of `cluster` (an `AlertNotification` as JSON, QoS 1,
 * not retained: each message is an event).
 */
export function alertTopic(cluster: string): string {
  return `${TOPIC_ROOT}/${cluster}/alerts`;
}

/** Subscription filter for the alert notifications of every cluster. */
export const ALERT_SUBSCRIPTION = `${TOPIC_ROOT}/+/alerts`;

/** Default root of the dead-letter topics (the ingester's `DEAD_LETTER_TOPIC_PREFIX`). */
export const DEAD_LETTER_TOPIC_PREFIX = 'langxanh/dlq/v1';

/**
 * Topic of a dead letter (a `DeadLetter` as JSON, QoS 0): `{prefix}/{reason}`, `reason` being the first reason the
 * message was (partly) rejected for.
 */
export function deadLetterTopic(prefix: string, reason: string): string {
  return `${prefix}/${reason}`;
}

/** Why a topic is not a LàngXanh station topic. */
export type TopicError = 'bad_topic';

/**
 * Splits a topic into its parts.
 * @returns the parts, or `undefined` when the topic has the wrong root, depth, kind, channel, or a level that is
 * not a slug (which rules out empty levels and `+ # / $`).
 */
export function parseTopic(topic: string): StationTopic | undefined {
  const known = parsedTopics.get(topic);
  if (known !== undefined) return known;
  const levels = topic.split('/');
  if (levels.length !== 6 || `${levels[0]}/${levels[1]}` !== TOPIC_ROOT) return undefined;
  const [, , cluster, kind, station, channel] = levels;
  if (!SLUG_PATTERN.test(cluster) || !SLUG_PATTERN.test(station) || !isStationKind(kind)) return undefined;
  if (channel !== 'reading' && channel !== 'status') return undefined;
  const parts: StationTopic = Object.freeze({ cluster, kind, station, channel });
  if (parsedTopics.size >= PARSED_TOPICS_LIMIT) parsedTopics.clear();
  parsedTopics.set(topic, parts);
  return parts;
}

/**
 * Station topics already parsed (every message of a station repeats its topic): one map lookup instead of a split
 * and two regular expressions per message. Only valid topics are kept (each level a slug of ≤ 64 characters, so an
 * entry is a few hundred bytes); the parts are frozen, as they are shared.
 */
const parsedTopics = new Map<string, StationTopic>();
/**
 * Bound of {@link parsedTopics} (cleared when full, since topics are untrusted input): the reading and status topics
 * of 16 384 stations — more than the 10 000 stations issue 19 measures — at most a few MB.
 */
const PARSED_TOPICS_LIMIT = 32_768;
