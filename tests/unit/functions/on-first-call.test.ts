/** A port made at its first call (functions/platform.ts): what lets a cold start skip an SDK client. */
import { describe, expect, it } from 'vitest';
import { onFirstCall } from '../../../functions/platform.js';

interface Greeter {
  greet(name: string): Promise<string>;
  count(): Promise<number>;
}

class Counting implements Greeter {
  private calls = 0;
  constructor(private readonly word: string) {}
  async greet(name: string) {
    this.calls++;
    return `${this.word} ${name}`;
  }
  async count() {
    return this.calls;
  }
}

describe('onFirstCall', () => {
  it('loads nothing until a method is called, then loads once and calls the port as itself', async () => {
    let loads = 0;
    const port = onFirstCall<Greeter>(async () => {
      loads++;
      return new Counting('Chào');
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([port.greet('Hà'), port.greet('Nam')]);
    expect([a, b]).toEqual(['Chào Hà', 'Chào Nam']);
    expect(await port.count()).toBe(2); // `this` is the loaded port: its state is kept
    expect(loads).toBe(1);
  });

  it('is not a promise: awaiting it, or returning it from an async function, gives the port back', async () => {
    const port = onFirstCall<Greeter>(async () => new Counting('Xin chào'));
    expect(await Promise.resolve(port)).toBe(port);
    expect(await (async () => port)()).toBe(port);
    expect(await port.greet('bạn')).toBe('Xin chào bạn');
  });

  it('tries the load again at the next call after a failed one', async () => {
    let loads = 0;
    const port = onFirstCall<Greeter>(async () => {
      if (++loads === 1) throw new Error('module not found');
      return new Counting('Chào');
    });
    await expect(port.greet('Hà')).rejects.toThrow('module not found');
    expect(await port.greet('Hà')).toBe('Chào Hà');
    expect(loads).toBe(2);
  });
});
