import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first value fn produces without throwing', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls++;
        if (calls < 3) throw new Error(`not yet ${calls}`);
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('awaits async functions and retries rejections', async () => {
    let calls = 0;
    await expect(
      eventually(
        async () => {
          calls++;
          if (calls < 2) throw new Error('no');
          return 42;
        },
        { intervalMs: 1 },
      ),
    ).resolves.toBe(42);
  });

  it('times out with the message and the last error', async () => {
    const started = Date.now();
    const error = await eventually(
      () => {
        throw new Error('still red');
      },
      { timeoutMs: 100, intervalMs: 10, message: 'the light turns green' },
    ).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /^the light turns green after 100 ms \(\d+ attempts\); last error: still red$/,
    );
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
