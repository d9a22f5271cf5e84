import { InflightWindow } from './inflight';

describe('InflightWindow', () => {
  it('never lets more than max tasks run at once and drains', async () => {
    const window = new InflightWindow(3);
    let running = 0;
    let peak = 0;
    const done: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      const { done: finished } = await window.submit(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        running--;
      });
      done.push(finished);
    }
    await window.drain();
    expect(peak).toBe(3);
    expect(window.size).toBe(0);
    await Promise.all(done);
  });

  it('frees the slot of a failed task', async () => {
    const window = new InflightWindow(1);
    const { done } = await window.submit(() => Promise.reject(new Error('nope')));
    await expect(done).rejects.toThrow('nope');
    await window.acquire();
    expect(window.size).toBe(1);
    window.release();
    await window.drain();
  });

  it('needs a positive integer', () => {
    expect(() => new InflightWindow(0)).toThrow(RangeError);
  });
});
