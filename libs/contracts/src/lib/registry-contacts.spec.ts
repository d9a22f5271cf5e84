import { contactSchema } from './registry';

describe('registry contact: Telegram and Zalo ids', () => {
  const person = { name: 'Nguyễn Văn An', phone: '+84 222 380 0101', email: 'an@example.vn' };

  it.each(['123456789', '-1001234567890', '@so_nnmt_bacninh'])('accepts the Telegram chat id %s', (telegramChatId) => {
    expect(contactSchema.safeParse({ ...person, telegramChatId }).success).toBe(true);
  });

  it.each(['', 'abc', '@abc', '12 34', '1'.repeat(21), '@a'.padEnd(40, 'x')])('refuses the Telegram chat id "%s"', (telegramChatId) => {
    expect(contactSchema.safeParse({ ...person, telegramChatId }).success).toBe(false);
  });

  it('accepts a Zalo user id of digits only, at most 32', () => {
    expect(contactSchema.safeParse({ ...person, zaloUserId: '2468013579' }).success).toBe(true);
    for (const zaloUserId of ['', 'u123', '1'.repeat(33)]) expect(contactSchema.safeParse({ ...person, zaloUserId }).success).toBe(false);
  });

  it('keeps both optional', () => {
    expect(contactSchema.parse(person)).toEqual(person);
  });
});
