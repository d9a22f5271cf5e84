import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigService } from '@nestjs/config';
import type { AlertDto, AlertNotification } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { DeliveryError } from './chat';
import { TelegramChannel } from './telegram.channel';
import { ZaloChannel } from './zalo.channel';

const TOKEN = '987654321:AAsecret_token_value_for_the_unit_test';

/** A notification for two Telegram chats and one Zalo user. */
const notification = {
  key: 'pk-ww-01:r:1|raised:critical',
  alert: { raisedAt: '2026-12-07T08:00:00.000Z' } as AlertDto,
  recipients: [
    { name: 'A', email: 'a@x.vn', phone: '+84 1', role: 'manager', telegramChatId: '111', zaloUserId: '555' },
    { name: 'B', email: 'b@x.vn', phone: '+84 2', role: 'contact', telegramChatId: '404' },
  ],
  summary: { vi: 'Nghiêm trọng: COD 200 mg/L', en: 'Critical: COD 200 mg/L' },
} as unknown as AlertNotification;

/**
 * The chat channels' answers handling, against a local HTTP server in the providers' formats: which failures are
 * final, that one bad chat does not stop the others, that the token never appears in an error.
 */
describe('Telegram and Zalo channels', () => {
  let server: Server;
  let base = '';
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  let zaloAnswer: object = { error: 0, message: 'Success' };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (c: Buffer) => (text += c.toString('utf8')));
      request.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        calls.push({ url: request.url ?? '', body });
        const send = (status: number, json: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        if (request.url?.startsWith('/v3.0/')) return send(200, zaloAnswer);
        if (body['chat_id'] === '404') return send(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        send(200, { ok: true, result: {} });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (calls.length = 0));

  const config = (env: Partial<Env>) => ({ get: (key: keyof Env) => env[key] }) as unknown as ConfigService<Env, true>;

  it('Telegram: a chat that does not exist is a final failure; the other chat still gets the message', async () => {
    const channel = new TelegramChannel(config({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: base }));
    const error = (await channel.send(notification).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.retriable).toBe(false);
    expect(error.message).toBe('Telegram chat 404: 400 Bad Request: chat not found');
    expect(calls.map((c) => c.body['chat_id'])).toEqual(['111', '404']);
    expect(calls[0].url).toBe(`/bot${TOKEN}/sendMessage`);
    expect(calls[0].body['text']).toBe(`Nghiêm trọng: COD 200 mg/L\nCritical: COD 200 mg/L\n2026-12-07T15:00:00+07:00 · ${notification.key}`);
  });

  it('Telegram: an unreachable API is retriable and the message hides the token', async () => {
    const channel = new TelegramChannel(config({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: 'http://127.0.0.1:1' }));
    const error = (await channel.send(notification).catch((e: unknown) => e)) as DeliveryError;
    expect(error.retriable).toBe(true);
    expect(error.message).not.toContain(TOKEN.split(':')[1]);
  });

  it('Zalo: a non-zero `error` inside HTTP 200 is a (retriable) failure; error 0 is success', async () => {
    const channel = new ZaloChannel(config({ ZALO_OA_ACCESS_TOKEN: 'zalo-secret', ZALO_OA_ACCESS_TOKEN_FILE: '', ZALO_API_URL: base }));
    expect(channel.addresses(notification)).toEqual(['555']);
    zaloAnswer = { error: -216, message: 'Access token is invalid' };
    const error = (await channel.send(notification).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toMatchObject({ retriable: true, message: 'Zalo user 555: error -216 Access token is invalid' });
    zaloAnswer = { error: 0, message: 'Success' };
    await expect(channel.send(notification)).resolves.toBeUndefined();
    expect(calls.at(-1)?.body).toEqual({ recipient: { user_id: '555' }, message: { text: expect.stringContaining('COD 200') } });
  });
});
