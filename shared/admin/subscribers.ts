/**
 * The administrator's view of email subscribers: how many there are by status, one found by
 * address, and suppression (never mail this address again; a later signup is refused). The
 * subscriber store and its read-modify-write are the mail side's (shared/mail/); the audit log
 * records the subscriber's id, not the address.
 */

import { LIFTED_REASON, leftOf, type Subscriber, type SubscriberStatusSchema } from '../domain/subscriber.js';
import { toZonedIso } from '../domain/time.js';
import { parseOrThrow } from '../domain/validation.js';
import * as z from '../domain/zod.js';
import { mailboxOf, SignupAddressSchema } from '../mail/address.js';
import type { SubscriberRepository } from '../mail/ports.js';
import { suppressAddress, updateSubscriber, withoutUndefined } from '../mail/subscriber-updates.js';
import type { AuditLog } from '../ports.js';
import { recordAudit } from './audit.js';
import { AdminError } from './manage-sources.js';

export type SubscriberStatus = z.infer<typeof SubscriberStatusSchema>;

/** Subscribers by status, as counted when their status changes (no pass over the subscribers). */
export interface SubscriberStats {
  countByStatus(): Promise<Record<SubscriberStatus, number>>;
}

export interface SubscriberAdminDeps {
  subscribers: SubscriberRepository;
  stats: SubscriberStats;
  /** The subscriber id of an address (a keyed digest: see shared/mail/tokens.ts). */
  subscriberId: (email: string) => Promise<string>;
  audit: AuditLog;
  now?: () => Date;
}

export const SuppressSchema = z.strictObject({
  email: SignupAddressSchema,
  reason: z._default(z.trimmedString(1, 150), 'suppressed by an administrator'),
});

export async function subscriberCounts(deps: Pick<SubscriberAdminDeps, 'stats'>) {
  const byStatus = await deps.stats.countByStatus();
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
}

export async function findSubscriber(
  email: unknown,
  deps: SubscriberAdminDeps,
): Promise<Subscriber | undefined> {
  const address = parseOrThrow(z.object({ email: SignupAddressSchema }), { email }, 'query').email;
  return (await deps.subscribers.get(await deps.subscriberId(address)))?.subscriber;
}

/**
 * Suppresses an address: its subscriber (created as suppressed if it has none yet, so that a
 * later signup is refused) gets no more mail. Idempotent.
 */
export async function suppressSubscriber(
  input: unknown,
  actor: string,
  deps: SubscriberAdminDeps,
): Promise<{ subscriber: Subscriber; changed: boolean }> {
  const { email, reason } = parseOrThrow(SuppressSchema, input, 'suppression');
  const id = await deps.subscriberId(email);
  const now = deps.now?.() ?? new Date();
  const result = await suppressAddress(deps.subscribers, id, email, `admin: ${reason}`, toZonedIso(now));
  // Its mailbox too: another spelling of it (`name+tag@`, dotted at Gmail) signs up no more.
  const mailbox = mailboxOf(email);
  if (mailbox !== email) await suppressSubscriber({ email: mailbox, reason }, actor, deps);
  const changed = result.before?.status !== 'suppressed';
  if (changed) {
    await recordAudit(
      deps.audit,
      {
        actor,
        action: 'subscriber.suppress',
        target: `subscriber:${id}`,
        before: result.before ? { status: result.before.status } : undefined,
        after: { status: 'suppressed', statusReason: `admin: ${reason}` },
      },
      now,
    );
  }
  return { subscriber: result.after, changed };
}

export const LiftSchema = z.strictObject({
  email: SignupAddressSchema,
  reason: z.trimmedString(3, 150),
});

/**
 * Lifts a suppression (a bounce or complaint that was a mistake, a reader who asks to come back):
 * the address becomes unsubscribed, so its owner may sign up again, through double opt-in; the
 * suppression is kept as how the reader last left. Idempotent: any other status is left as it is.
 */
export async function liftSuppression(
  input: unknown,
  actor: string,
  deps: SubscriberAdminDeps,
): Promise<{ subscriber: Subscriber; changed: boolean }> {
  const { email, reason } = parseOrThrow(LiftSchema, input, 'lift');
  const id = await deps.subscriberId(email);
  const now = deps.now?.() ?? new Date();
  const result = await updateSubscriber(deps.subscribers, id, (current) =>
    current.status !== 'suppressed'
      ? undefined
      : withoutUndefined({
          ...current,
          status: 'unsubscribed' as const,
          statusReason: `${LIFTED_REASON}${reason}`,
          statusChangedAt: toZonedIso(now),
          lastLeft: leftOf(current),
        }),
  );
  if (!result) throw new AdminError('not-found', 'no subscriber with this address');
  // Its mailbox's suppression too, if it has one (it would refuse every spelling's signup).
  const mailbox = mailboxOf(email);
  if (mailbox !== email) {
    await liftSuppression({ email: mailbox, reason }, actor, deps).catch((error: unknown) => {
      if (!(error instanceof AdminError)) throw error;
    });
  }
  const changed = result.before.status === 'suppressed';
  if (changed) {
    await recordAudit(
      deps.audit,
      {
        actor,
        action: 'subscriber.lift-suppression',
        target: `subscriber:${id}`,
        before: { status: 'suppressed', statusReason: result.before.statusReason },
        after: { status: 'unsubscribed', statusReason: result.after.statusReason },
      },
      now,
    );
  }
  return { subscriber: result.after, changed };
}
