import { describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../../shared/domain/outgoing-mail.js';
import { pacedMailer } from '../../../shared/mail/paced-mailer.js';
import type { Mailer } from '../../../shared/ports.js';

/** Virtual time: `run` moves the clock to each waiting sleep in turn until the work is done. */
function fakeWorld() {
  let now = 1_000_000;
  const startedAt: number[] = [];
  const timers: { wake: number; resolve: () => void }[] = [];
  const clock = {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ wake: now + ms, resolve })),
  };
  const provider: Mailer = {
    async send(mail) {
      startedAt.push(now);
      return { messageId: mail.to };
    },
  };
  async function run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.finally(() => {
      done = true;
    });
    for (let step = 0; !done; step++) {
      if (step > 10_000) throw new Error('work did not finish');
      await new Promise((resolve) => setImmediate(resolve));
      timers.sort((a, b) => a.wake - b.wake);
      const next = timers.shift();
      if (next) {
        now = Math.max(now, next.wake);
        next.resolve();
      }
    }
    return work;
  }
  return { clock, provider, startedAt, run, advance: (ms: number) => (now += ms) };
}

const mail = (n: number): OutgoingMail => ({
  to: `doc-gia-${n}@example.vn`,
  raw: new Uint8Array(),
  kind: 'digest',
});

describe('pacedMailer', () => {
  it('starts sends asked for all at once one interval apart', async () => {
    const world = fakeWorld();
    const { clock, provider, startedAt } = world;
    const mailer = pacedMailer(provider, 4, clock);
    const ids = await world.run(Promise.all(Array.from({ length: 9 }, (_, n) => mailer.send(mail(n)))));
    expect(ids.map((r) => r.messageId)).toEqual(
      Array.from({ length: 9 }, (_, n) => `doc-gia-${n}@example.vn`),
    );
    const offsets = startedAt.map((t) => t - startedAt[0]!).sort((a, b) => a - b);
    expect(offsets).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('never starts more than the pace in any one-second window', async () => {
    const world = fakeWorld();
    const { clock, provider, startedAt } = world;
    const mailer = pacedMailer(provider, 4.2, clock);
    await world.run(Promise.all(Array.from({ length: 50 }, (_, n) => mailer.send(mail(n)))));
    const times = [...startedAt].sort((a, b) => a - b);
    for (const start of times) {
      const inWindow = times.filter((t) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(Math.ceil(4.2));
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((49 * 1000) / 4.2 - 1);
  });

  it('does not wait when sends are already slower than the pace', async () => {
    const { clock, provider, startedAt, advance } = fakeWorld();
    let slept = 0;
    const mailer = pacedMailer(provider, 2, {
      now: clock.now,
      sleep: async (ms) => {
        slept += ms;
      },
    });
    await mailer.send(mail(1));
    advance(600);
    await mailer.send(mail(2));
    expect(slept).toBe(0);
    expect(startedAt[1]! - startedAt[0]!).toBe(600);
  });

  it('refuses a pace that is not a positive number', () => {
    const { provider } = fakeWorld();
    expect(() => pacedMailer(provider, 0)).toThrow(/positive/);
    expect(() => pacedMailer(provider, Number.NaN)).toThrow(/positive/);
  });
});
