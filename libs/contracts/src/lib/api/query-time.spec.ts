import { QUERY_TIME_MAX_MS, queryTimeSchema } from './query-time';

describe("queryTimeSchema (issue 15, item 15: far-future times are the caller's 400, not a database error)", () => {
  it.each([
    ['2026-11-29T14:05:00+07:00', Date.parse('2026-11-29T07:05:00Z')],
    ['2026-11-29 14:05:00', Date.parse('2026-11-29T07:05:00Z')],
    ['1970-01-01T00:00:00Z', 0],
    ['2199-12-31T23:59:59Z', QUERY_TIME_MAX_MS - 1000],
  ])('accepts %s', (text, ms) => expect(queryTimeSchema.parse(text)).toBe(ms));

  it.each([
    ['9999-12-31T00:00:00Z', '2200-01-01'],
    ['2200-01-01T00:00:00Z', '2200-01-01'],
    ['1969-12-31T23:59:59Z', '1970-01-01'],
    ['yesterday', 'not an ISO 8601 time'],
  ])('refuses %s, saying %s', (text, says) => {
    const result = queryTimeSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(says);
  });
});
