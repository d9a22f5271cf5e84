import { MAX_BULK_ACKNOWLEDGE, MAX_COMMENT_LENGTH, acknowledgeAlertBody, acknowledgeAlertsBody, commentAlertBody } from './alerts';

const issues = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('comment bodies (POST /api/alerts/{id}/comments and /acknowledge)', () => {
  it('accepts text up to MAX_COMMENT_LENGTH characters, trimmed, with tabs, line breaks and any script', () => {
    expect(commentAlertBody.parse({ text: '  đã cử người\tkiểm tra\r\n🚒  ' })).toEqual({ text: 'đã cử người\tkiểm tra\r\n🚒' });
    expect(commentAlertBody.parse({ text: 'x'.repeat(MAX_COMMENT_LENGTH) }).text).toHaveLength(MAX_COMMENT_LENGTH);
    expect(acknowledgeAlertBody.parse({})).toEqual({});
    expect(acknowledgeAlertBody.parse({ comment: '' })).toEqual({ comment: '' });
  });

  it.each([
    ['one character too many', { text: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }, /at most 2000 characters/],
    ['empty after trimming', { text: '   ' }, /needs some text/],
    ['a control character', { text: 'a\u0000b' }, /control characters/],
    ['an escape sequence', { text: 'red \u001b[31m' }, /control characters/],
    ['a lone surrogate', { text: 'a\uD800b' }, /well-formed/],
    ['an unknown key', { text: 'ok', by: 'someone-else' }, /by|unrecognized/i],
    ['not a string', { text: 42 }, /string/],
  ])('refuses %s', (_name, body, message) => {
    const result = commentAlertBody.safeParse(body);
    expect(result.success).toBe(false);
    expect(issues(result).join('; ')).toMatch(message);
  });

  it('bounds the acknowledgement comment alike', () => {
    expect(acknowledgeAlertBody.safeParse({ comment: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }).success).toBe(false);
    expect(acknowledgeAlertBody.safeParse({ comment: 'a\u0007' }).success).toBe(false);
  });
});

describe('acknowledgeAlertsBody', () => {
  it('takes 1 to MAX_BULK_ACKNOWLEDGE distinct ids and an optional comment', () => {
    expect(acknowledgeAlertsBody.parse({ ids: ['a', 'b'], comment: ' ok ' })).toEqual({ ids: ['a', 'b'], comment: 'ok' });
    expect(acknowledgeAlertsBody.safeParse({ ids: [] }).success).toBe(false);
    expect(acknowledgeAlertsBody.safeParse({ ids: ['a', 'a'] }).success).toBe(false);
    const many = Array.from({ length: MAX_BULK_ACKNOWLEDGE + 1 }, (_, i) => `id-${i}`);
    expect(acknowledgeAlertsBody.safeParse({ ids: many.slice(1) }).success).toBe(true);
    expect(acknowledgeAlertsBody.safeParse({ ids: many }).success).toBe(false);
    expect(acknowledgeAlertsBody.safeParse({ ids: ['x'.repeat(301)] }).success).toBe(false);
    expect(acknowledgeAlertsBody.safeParse({ ids: ['a'], extra: 1 }).success).toBe(false);
  });
});
