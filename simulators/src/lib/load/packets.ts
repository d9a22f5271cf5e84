/**
 * MQTT 3.1.1 PUBLISH packets of the load generator, written straight into a batch buffer: no mqtt.js client, no
 * packet object, no per-message stream write. The payload is the same text as the mqtt.js generator sent
 * ({@link loadPayload}), so the ingester sees byte-identical readings.
 *
 * Packet layout (MQTT 3.1.1, OASIS standard 2014, §3.3 PUBLISH, §2.2.3 remaining length):
 * `0x30 | qos << 1` · remaining length (1–4 bytes, 7 bits each, low first) · topic length (2 bytes, big-endian) ·
 * topic (UTF-8) · packet id (2 bytes, big-endian; QoS 1 only) · payload.
 */

/** Largest remaining length MQTT allows (4 length bytes of 7 bits: 268 435 455 bytes, MQTT 3.1.1 §2.2.3). */
export const MAX_REMAINING_LENGTH = 268_435_455;
/** Largest packet id (16 bits; 0 is not allowed at QoS > 0, MQTT 3.1.1 §2.3.1). */
export const MAX_PACKET_ID = 65_535;
/** The payload of one load reading is at most this many bytes ({@link loadPayload}: ≈ 130 bytes; checked per packet). */
export const MAX_LOAD_PAYLOAD_BYTES = 256;

/** A topic encoded once per station: its 2-byte length prefix and its UTF-8 bytes. */
export interface EncodedTopic {
  /** Length prefix and topic bytes, ready to copy. */
  readonly bytes: Buffer;
}

/**
 * Encodes a topic once (length prefix + UTF-8 bytes).
 * @throws RangeError when the topic is empty or longer than 65 535 bytes (MQTT 3.1.1 §1.5.3).
 */
export function encodeTopic(topic: string): EncodedTopic {
  const length = Buffer.byteLength(topic, 'utf8');
  if (length === 0 || length > 65_535) throw new RangeError(`topic must be 1–65 535 bytes, got ${length}`);
  const bytes = Buffer.allocUnsafe(2 + length);
  bytes.writeUInt16BE(length, 0);
  bytes.write(topic, 2, 'utf8');
  return { bytes };
}

/**
 * Upper bound of the bytes one load PUBLISH packet takes with `topic` (fixed header of at most 3 bytes for a
 * remaining length under 2 MiB, packet id, payload bound {@link MAX_LOAD_PAYLOAD_BYTES}).
 */
export function maxPacketBytes(topic: EncodedTopic): number {
  return 1 + 3 + topic.bytes.length + 2 + MAX_LOAD_PAYLOAD_BYTES;
}

/**
 * Writes one PUBLISH packet into `target` at `offset` and returns the offset after it. `payload` must be ASCII (the
 * load payload is: digits, letters, punctuation), so its length in bytes is its length in characters.
 * `target` must have room for {@link maxPacketBytes}.
 * @throws RangeError when the payload exceeds {@link MAX_LOAD_PAYLOAD_BYTES} or the packet id is out of 1…65 535 at
 * QoS 1.
 */
export function writePublish(
  target: Buffer,
  offset: number,
  topic: EncodedTopic,
  payload: string,
  qos: 0 | 1,
  packetId: number,
): number {
  const payloadLength = payload.length;
  if (payloadLength > MAX_LOAD_PAYLOAD_BYTES) {
    throw new RangeError(`load payload of ${payloadLength} bytes exceeds ${MAX_LOAD_PAYLOAD_BYTES}`);
  }
  let o = offset;
  target[o++] = 0x30 | (qos << 1);
  let remaining = topic.bytes.length + (qos === 1 ? 2 : 0) + payloadLength;
  do {
    let digit = remaining & 0x7f;
    remaining >>>= 7;
    if (remaining > 0) digit |= 0x80;
    target[o++] = digit;
  } while (remaining > 0);
  o += topic.bytes.copy(target, o);
  if (qos === 1) {
    if (!(packetId >= 1 && packetId <= MAX_PACKET_ID))
      throw new RangeError(`packet id ${packetId} not in 1…65535`);
    target[o++] = packetId >>> 8;
    target[o++] = packetId & 0xff;
  }
  return o + target.write(payload, o, 'latin1');
}

/** One PUBLISH packet as its own buffer (tests and one-off use; the generator writes batches with {@link writePublish}). */
export function publishPacket(topic: string, payload: string, qos: 0 | 1, packetId: number): Buffer {
  const encoded = encodeTopic(topic);
  const buffer = Buffer.allocUnsafe(maxPacketBytes(encoded));
  return buffer.subarray(0, writePublish(buffer, 0, encoded, payload, qos, packetId));
}

/** What {@link MqttAckReader} reports for each complete packet the broker sent. */
export interface AckHandlers {
  /** CONNACK: its return code (0 accepted, MQTT 3.1.1 §3.2.2.3). */
  connack(returnCode: number): void;
  /** PUBACK of `packetId`. */
  puback(packetId: number): void;
  /** Any other packet type (MQTT 3.1.1 §2.2.1 control packet type, 1–15). */
  other(type: number): void;
}

/**
 * A minimal reader of what a broker sends a publish-only client: CONNACK, PUBACK (4 bytes each), PINGRESP. Frames
 * any packet by its remaining length, across chunk boundaries; no object per packet on the PUBACK path.
 * @throws RangeError (from {@link push}) on a malformed remaining length (more than 4 length bytes).
 */
export class MqttAckReader {
  private pending: Buffer | undefined;

  constructor(private readonly handlers: AckHandlers) {}

  /** Feeds bytes received from the broker. */
  push(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let o = 0;
    while (o < data.length) {
      const start = o;
      if (data.length - o < 2) break;
      const type = data[o] >>> 4;
      let length = 0;
      let shift = 0;
      let i = o + 1;
      let complete = false;
      for (let n = 0; n < 4 && i < data.length; n++, i++) {
        length |= (data[i] & 0x7f) << shift;
        shift += 7;
        if ((data[i] & 0x80) === 0) {
          complete = true;
          i++;
          break;
        }
        if (n === 3) throw new RangeError('malformed remaining length from the broker');
      }
      if (!complete || data.length - i < length) {
        o = start;
        break;
      }
      if (type === 4 && length === 2) this.handlers.puback((data[i] << 8) | data[i + 1]);
      else if (type === 2 && length === 2) this.handlers.connack(data[i + 1]);
      else this.handlers.other(type);
      o = i + length;
    }
    if (o < data.length) this.pending = Buffer.from(data.subarray(o));
  }
}
