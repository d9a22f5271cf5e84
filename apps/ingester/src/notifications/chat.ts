import { toVietnamIso, type AlertNotification } from '@langxanh/contracts';

/**
 * A failed delivery that knows whether trying again can help (as influxdb-client-js's errors do): the notifier
 * (`NotificationsService`) retries a `retriable` one with its back-off, waiting at least `retryAfterMs` when the
 * provider said how long (Telegram's 429 `parameters.retry_after`), and gives up at once on the others (a chat that
 * does not exist, a bot blocked by the user, a wrong token).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Longest wait a provider's `retry_after` may impose on one retry (15 min): longer hints are capped, not obeyed. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Time-out of one provider request (ms), as the webhook's. */
export const CHAT_TIMEOUT_MS = 10_000;

/**
 * The plain-text message of a notification for a chat app: the Vietnamese summary, the English one, the alert's
 * raise time in Vietnam time, and its key (so a reader can match a repeated message). Cut to `maxChars` (Telegram
 * `sendMessage` text: 4 096 characters, core.telegram.org/bots/api#sendmessage; Zalo OA text message: 2 000
 * characters, developers.zalo.me OA API v3 "Gửi tin Tư vấn") with an ellipsis.
 */
export function chatText(n: AlertNotification, maxChars: number): string {
  const text = [n.summary.vi, n.summary.en, `${toVietnamIso(Date.parse(n.alert.raisedAt))} · ${n.key}`].join('\n');
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/**
 * `POST` JSON to a provider with a time-out. @returns the HTTP status and the parsed JSON body (undefined when the
 * body is not JSON). @throws DeliveryError (retriable) when the provider is not reached or does not answer in time;
 * `secret` (a token that may appear in the URL) is replaced by `***` in the message.
 */
export async function postJson(
  what: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  secret: string,
): Promise<{ status: number; json: unknown }> {
  const hide = (text: string): string => (secret ? text.split(secret).join('***') : text);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CHAT_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    const reason = cause?.message ? `${(error as Error).message}: ${cause.message}` : (error as Error).message;
    throw new DeliveryError(`${what} not reached: ${hide(reason)}`, true);
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/**
 * Which destinations of a notification already got it, while its delivery is being retried: a retry after a
 * partial failure (2 of 3 chats sent) goes only to the rest. Forgotten once all succeeded; at most `max` entries
 * kept (the oldest dropped: a notification still failing then may reach a chat twice).
 */
export class PartialDeliveries {
  private readonly sent = new Map<string, Set<string>>();

  constructor(private readonly max = 1_000) {}

  has(key: string, destination: string): boolean {
    return this.sent.get(key)?.has(destination) ?? false;
  }

  add(key: string, destination: string): void {
    let set = this.sent.get(key);
    if (!set) {
      if (this.sent.size >= this.max) this.sent.delete(this.sent.keys().next().value as string);
      set = new Set();
      this.sent.set(key, set);
    }
    set.add(destination);
  }

  forget(key: string): void {
    this.sent.delete(key);
  }
}

/**
 * Sends to every destination not yet reached for `key` (`sendOne` per destination, in order), then forgets the key.
 * One destination failing does not stop the others. @throws DeliveryError naming every failed destination:
 * retriable when any failure is (waiting the longest `retryAfterMs` asked for), otherwise not (each failure was
 * final — a retry would not reach those chats either; the others already got it).
 */
export async function deliverEach(
  key: string,
  destinations: readonly string[],
  partial: PartialDeliveries,
  sendOne: (destination: string) => Promise<void>,
): Promise<void> {
  const failures: DeliveryError[] = [];
  for (const destination of destinations) {
    if (partial.has(key, destination)) continue;
    try {
      await sendOne(destination);
      partial.add(key, destination);
    } catch (error) {
      failures.push(error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true));
    }
  }
  if (failures.length === 0) {
    partial.forget(key);
    return;
  }
  const retriable = failures.some((f) => f.retriable);
  if (!retriable) partial.forget(key);
  const waits = failures.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
  throw new DeliveryError(
    failures.map((f) => f.message).join('; '),
    retriable,
    waits.length > 0 ? Math.max(...waits) : undefined,
  );
}
