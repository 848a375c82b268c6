/**
 * A Mailer that starts at most `perSecond` sends a second, however many are asked for at once.
 * SES's send rate is the account's: the stack gives each copy of a mail sender its share of it
 * (infra/capacity.ts), and this keeps the copy within that share.
 */
import type { OutgoingMail } from '../domain/outgoing-mail.js';
import type { Mailer } from '../ports.js';

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function pacedMailer(mailer: Mailer, perSecond: number, clock: PacerClock = realClock): Mailer {
  if (!(perSecond > 0))
    throw new Error(`a mail pace must be a positive number of sends per second, not ${perSecond}`);
  const interval = 1000 / perSecond;
  // The next free start time: each send takes the next slot, one interval after the previous.
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    async send(mail: OutgoingMail) {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await clock.sleep(slot - now);
      return mailer.send(mail);
    },
  };
}
