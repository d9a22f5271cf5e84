import mqttPacket from 'mqtt-packet';
import { loadRegistry } from '../registry';
import { encodeTopic, maxPacketBytes, MqttAckReader, publishPacket, writePublish } from './packets';
import { loadPayload, loadSlot, loadStations } from './plan';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const stations = loadStations(loadRegistry());

/** Decodes `bytes` with mqtt-packet's own parser (the reference decoder of MQTT.js). */
function decode(bytes: Buffer): mqttPacket.Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const packets: mqttPacket.Packet[] = [];
  const errors: Error[] = [];
  parser.on('packet', (p) => packets.push(p));
  parser.on('error', (e) => errors.push(e));
  parser.parse(bytes);
  expect(errors).toEqual([]);
  return packets;
}

describe('pre-encoded PUBLISH packets', () => {
  it('decode (mqtt-packet) to the topic and the exact JSON the mqtt.js generator sent, QoS 1 with the packet id', () => {
    for (const n of [0, 1, 7, 12_345, 999_999, 123_456_789]) {
      const { station, ts } = loadSlot(n, stations.length, T0, 60_000);
      const payload = loadPayload(n, ts);
      const bytes = publishPacket(stations[station].topic, payload, 1, 1 + (n % 65_535));
      const expected = {
        cmd: 'publish',
        qos: 1,
        dup: false,
        retain: false,
        topic: stations[station].topic,
        messageId: 1 + (n % 65_535),
      } as const;
      const [packet] = decode(bytes);
      expect(packet).toMatchObject(expected);
      expect((packet as mqttPacket.IPublishPacket).payload.toString('utf8')).toBe(payload);
      // Byte for byte what mqtt-packet itself generates for the same message.
      expect(bytes).toEqual(mqttPacket.generate({ ...expected, payload }));
    }
  });

  it('writes a batch of packets back to back (QoS 0 without packet id) that decodes in order', () => {
    const topics = stations.slice(0, 3).map((s) => encodeTopic(s.topic));
    const batch = Buffer.alloc(10 * Math.max(...topics.map(maxPacketBytes)));
    let offset = 0;
    for (let n = 0; n < 10; n++)
      offset = writePublish(batch, offset, topics[n % 3], loadPayload(n, T0 + n), 0, 0);
    const packets = decode(batch.subarray(0, offset)) as mqttPacket.IPublishPacket[];
    expect(packets.map((p) => [p.topic, p.qos, p.payload.toString()])).toEqual(
      Array.from({ length: 10 }, (_, n) => [stations[n % 3].topic, 0, loadPayload(n, T0 + n)]),
    );
  });

  it('uses a 2-byte remaining length past 127 bytes and refuses what it cannot encode', () => {
    const long = 'x'.repeat(200);
    expect(decode(publishPacket('a/b', long, 1, 5))[0]).toMatchObject({ topic: 'a/b', messageId: 5 });
    expect(() => publishPacket('a/b', 'x'.repeat(300), 1, 5)).toThrow(RangeError);
    expect(() => publishPacket('a/b', '{}', 1, 0)).toThrow(/packet id 0/);
    expect(() => encodeTopic('')).toThrow(RangeError);
  });
});

describe('MqttAckReader', () => {
  it('reads CONNACK and PUBACKs split anywhere across chunks, and names other packet types', () => {
    const seen: string[] = [];
    const reader = new MqttAckReader({
      connack: (code) => seen.push(`connack ${code}`),
      puback: (id) => seen.push(`puback ${id}`),
      other: (type) => seen.push(`type ${type}`),
    });
    const stream = Buffer.concat([
      mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }),
      ...[1, 300, 65_535].map((messageId) => mqttPacket.generate({ cmd: 'puback', messageId })),
      mqttPacket.generate({ cmd: 'pingresp' }),
    ]);
    for (let i = 0; i < stream.length; i++) reader.push(stream.subarray(i, i + 1));
    expect(seen).toEqual(['connack 0', 'puback 1', 'puback 300', 'puback 65535', 'type 13']);
    reader.push(stream);
    expect(seen).toHaveLength(10);
  });

  it('refuses a remaining length of more than 4 bytes', () => {
    const ignore = jest.fn();
    const reader = new MqttAckReader({ connack: ignore, puback: ignore, other: ignore });
    expect(() => reader.push(Buffer.from([0x40, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(/malformed/);
    expect(ignore).not.toHaveBeenCalled();
  });
});
