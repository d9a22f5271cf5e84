import { MAX_BUCKETS, bucketWidthS } from './readings-window';

describe('bucketWidthS', () => {
  const h = 3_600_000;
  it('keeps a requested width that gives at most 1 000 buckets', () => {
    expect(bucketWidthS(0, 6 * h, 60)).toBe(60);
  });
  it('raises a width that would give more than 1 000 buckets to the next round step', () => {
    expect(bucketWidthS(0, 7 * 24 * h, 60)).toBe(900);
    expect((7 * 24 * 3600) / 900).toBeLessThanOrEqual(MAX_BUCKETS);
  });
  it('chooses a width when none is requested', () => {
    expect(bucketWidthS(0, 6 * h)).toBe(30);
    expect(bucketWidthS(0, 24 * h)).toBe(120);
    expect(bucketWidthS(0, 30 * 24 * h)).toBe(3600);
  });
});
