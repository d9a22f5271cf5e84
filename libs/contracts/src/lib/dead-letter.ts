import type { Rejection } from './reading';

/** Bytes of the original payload carried in a dead letter (base64); longer payloads are cut and flagged. */
export const DEAD_LETTER_PAYLOAD_BYTES = 65_536;

/** Topic levels kept in a dead letter's `topic` (characters). */
const DEAD_LETTER_TOPIC_CHARS = 1024;

/**
 * Body of a dead letter: a message the ingester (partly) rejected, published as JSON on
 * `deadLetterTopic(prefix, first reason)` at QoS 0, so an operator can see what a station sent and why it was refused.
 */
export interface DeadLetter {
  /** The topic the message came on (its first 1 024 characters). */
  readonly topic: string;
  /** ISO 8601 UTC. */
  readonly receivedAt: string;
  /** Every reason, in the order found; `parameter` when one value of an otherwise accepted message was refused. */
  readonly reasons: readonly {
    readonly reason: Rejection['reason'];
    readonly parameter?: string;
    readonly detail: string;
  }[];
  /** The original payload (its first {@link DEAD_LETTER_PAYLOAD_BYTES} bytes), base64. */
  readonly payloadBase64: string;
  /** Size of the whole original payload. */
  readonly payloadBytes: number;
  /** True when `payloadBase64` holds only the first {@link DEAD_LETTER_PAYLOAD_BYTES} bytes. */
  readonly truncated: boolean;
}

/**
 * Builds the dead letter of a message (pure: `receivedAt` is given). Fields come in the order of
 * {@link DeadLetter}, so `JSON.stringify` of the result is the published body.
 *
 * @param topic the topic the message came on.
 * @param payload the original payload bytes (a Node `Buffer` is a `Uint8Array`).
 * @param receivedAt epoch ms the message arrived.
 * @param rejections why it was (partly) rejected.
 * @param base64 encodes the kept bytes (the caller's: this lib also runs in browsers, so no Node `Buffer` here; the
 *   ingester passes `Buffer`'s encoder).
 */
export function buildDeadLetter(
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
  rejections: readonly Rejection[],
  base64: (bytes: Uint8Array) => string,
): DeadLetter {
  const truncated = payload.byteLength > DEAD_LETTER_PAYLOAD_BYTES;
  const kept = truncated ? payload.subarray(0, DEAD_LETTER_PAYLOAD_BYTES) : payload;
  return {
    topic: topic.slice(0, DEAD_LETTER_TOPIC_CHARS),
    receivedAt: new Date(receivedAt).toISOString(),
    reasons: rejections.map((r) => ({
      reason: r.reason,
      ...(r.parameter ? { parameter: r.parameter } : {}),
      detail: r.detail,
    })),
    payloadBase64: base64(kept),
    payloadBytes: payload.byteLength,
    truncated,
  };
}
