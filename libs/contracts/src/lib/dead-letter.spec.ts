import { buildDeadLetter, DEAD_LETTER_PAYLOAD_BYTES } from './dead-letter';
import {
  ALERT_SUBSCRIPTION,
  alertTopic,
  DEAD_LETTER_TOPIC_PREFIX,
  deadLetterTopic,
  parseTopic,
} from './topics';

const NOW = Date.parse('2026-11-29T07:05:00Z');

/** The encoder the ingester passes (Node's). */
const base64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

describe('buildDeadLetter', () => {
  it('carries the topic, the time, every reason and the payload, in the published field order', () => {
    const letter = buildDeadLetter(
      'langxanh/v1/phong-khe/air/pk-air-01/reading',
      Buffer.from('nope'),
      NOW,
      [
        { reason: 'bad_shape', detail: 'no ts' },
        { reason: 'out_of_range', parameter: 'PM10', detail: '-1 < 0' },
      ],
      base64,
    );
    expect(JSON.stringify(letter)).toBe(
      JSON.stringify({
        topic: 'langxanh/v1/phong-khe/air/pk-air-01/reading',
        receivedAt: '2026-11-29T07:05:00.000Z',
        reasons: [
          { reason: 'bad_shape', detail: 'no ts' },
          { reason: 'out_of_range', parameter: 'PM10', detail: '-1 < 0' },
        ],
        payloadBase64: Buffer.from('nope').toString('base64'),
        payloadBytes: 4,
        truncated: false,
      }),
    );
  });

  it.each([
    [DEAD_LETTER_PAYLOAD_BYTES, false],
    [DEAD_LETTER_PAYLOAD_BYTES + 1, true],
  ])('a payload of %p bytes is truncated: %p', (bytes, truncated) => {
    const letter = buildDeadLetter('t', new Uint8Array(bytes).fill(65), NOW, [], base64);
    expect(letter.truncated).toBe(truncated);
    expect(letter.payloadBytes).toBe(bytes);
    expect(Buffer.from(letter.payloadBase64, 'base64').byteLength).toBe(DEAD_LETTER_PAYLOAD_BYTES);
  });

  it('encodes only the viewed bytes of a sub-array, and cuts a long topic to 1 024 characters', () => {
    const whole = Buffer.from('xxpayloadxx');
    const letter = buildDeadLetter('a'.repeat(2000), whole.subarray(2, 9), NOW, [], base64);
    expect(Buffer.from(letter.payloadBase64, 'base64').toString()).toBe('payload');
    expect(letter.topic).toHaveLength(1024);
  });
});

describe('alert and dead-letter topics', () => {
  it.each([
    [alertTopic('phong-khe'), 'langxanh/v1/phong-khe/alerts'],
    [ALERT_SUBSCRIPTION, 'langxanh/v1/+/alerts'],
    [deadLetterTopic(DEAD_LETTER_TOPIC_PREFIX, 'bad_topic'), 'langxanh/dlq/v1/bad_topic'],
  ])('%s = %s', (topic, expected) => expect(topic).toBe(expected));

  it('are not station topics', () => {
    expect(parseTopic(alertTopic('phong-khe'))).toBeUndefined();
  });
});
