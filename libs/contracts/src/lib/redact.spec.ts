import { redactUrl, redactUrlsIn } from './redact';

describe('redactUrl', () => {
  it.each([
    ['mqtt://ingester:s3cr3t@broker.example:8883', 'mqtt://***@broker.example:8883'],
    ['https://user@host/p', 'https://***@host/p'],
    ['http://a:b@c@host:8086/x?y=1', 'http://***@host:8086/x?y=1'],
    ['https://hook.example/send?token=abc123&chat=42#frag', 'https://hook.example/send?token=***&chat=42#frag'],
    ['https://h/x?api_key=1&X-Amz-Signature=2&access_token=3&Password=4&page=5', 'https://h/x?api_key=***&X-Amz-Signature=***&access_token=***&Password=***&page=5'],
    ['http://127.0.0.1:8086', 'http://127.0.0.1:8086'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('redacts every URL inside a text and leaves the rest', () => {
    expect(
      redactUrlsIn('InfluxDB at http://u:p@db:8086 did not answer; webhook https://h/x?token=t, "mqtts://a:b@m"'),
    ).toBe('InfluxDB at http://***@db:8086 did not answer; webhook https://h/x?token=***, "mqtts://***@m"');
  });
});
