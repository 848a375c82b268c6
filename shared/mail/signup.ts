/**
 * Subscribing, in two steps so that the public endpoint behaves the same whoever the address
 * belongs to: `requestSignup` (HTTP) checks the input and the client's rate, queues the request
 * and answers — it never looks the address up; `registerSignup` (queue) then creates or updates
 * the pending subscriber and sends the double opt-in confirmation, or tells an existing
 * subscriber that nothing changed.
 */

import {
  leftOf,
  PENDING_CHOICES_KEPT,
  type Subscriber,
  SubscriptionPreferencesSchema,
} from '../domain/subscriber.js';
import { toZonedIso } from '../domain/time.js';
import * as z from '../domain/zod.js';
import { mailboxOf, normalizeAddress, SignupAddressSchema } from './address.js';
import { personalLinks, tokenUrl } from './links.js';
import type { SignupRequest } from './messages.js';
import { buildMime } from './mime.js';
import type { DeliveryLog, JobQueue, SendingDeps, SubscriberRepository } from './ports.js';
import { renderAlreadySubscribed, renderConfirmation } from './render/notices.js';
import { updateSubscriber, withoutUndefined } from './subscriber-updates.js';

export const SIGNUP_LIMITS = {
  /** Subscribe requests one client (IPv4 address, IPv6 /64) may make per hour. */
  perClientPerHour: 10,
  /** Confirmation mails one mailbox (mailboxOf) may receive per hour; more requests are dropped quietly. */
  perAddressPerHour: 3,
};

/** The body of a subscribe request: an address and the subscriber's choices. */
export const SignupInputSchema = z.extend(SubscriptionPreferencesSchema, { email: SignupAddressSchema });
export type SignupInput = z.output<typeof SignupInputSchema>;

export async function requestSignup(
  input: SignupInput,
  clientIp: string,
  deps: { deliveries: DeliveryLog; signups: JobQueue<SignupRequest>; now: () => Date },
): Promise<'accepted' | 'rate-limited'> {
  const now = deps.now();
  const hits = await deps.deliveries.hit(`rate#client#${clientKey(clientIp)}`, 3600, now);
  if (hits > SIGNUP_LIMITS.perClientPerHour) return 'rate-limited';
  const { email, ...preferences } = input;
  await deps.signups.send([{ email, preferences, requestedAt: now.toISOString() }]);
  return 'accepted';
}

/**
 * The rate-limit key of a client: an IPv4 address, or the /64 network of an IPv6 one. An IPv4
 * client seen through an IPv6 socket (`::ffff:203.0.113.7`) is counted by its IPv4 address: by
 * its /64 every IPv4 client would share one count.
 */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')
    .concat('::/64');
}

export interface RegisterDeps extends SendingDeps {
  subscribers: SubscriberRepository;
}

export type RegisterOutcome = 'confirmation-sent' | 'already-subscribed' | 'suppressed' | 'rate-limited';

export async function registerSignup(request: SignupRequest, deps: RegisterDeps): Promise<RegisterOutcome> {
  const email = normalizeAddress(request.email); // checked again: the queue is a boundary too
  const id = deps.signer.subscriberId(email);
  const now = deps.now();
  // Counted by mailbox: `name+1@`, `name+2@`… reach one inbox.
  const mailbox = email === mailboxOf(email) ? id : deps.signer.subscriberId(mailboxOf(email));
  if ((await deps.deliveries.hit(`rate#address#${mailbox}`, 3600, now)) > SIGNUP_LIMITS.perAddressPerHour) {
    return 'rate-limited';
  }
  // A suppressed mailbox (a complaint, a bounce) is suppressed under each of its spellings.
  if (mailbox !== id && (await deps.subscribers.get(mailbox))?.subscriber.status === 'suppressed') {
    return 'suppressed';
  }
  const at = toZonedIso(now);
  // The choices of this signup, by the second its confirmation link is signed at (below).
  const choice = {
    issuedAt: toZonedIso(new Date(Math.floor(now.getTime() / 1000) * 1000)),
    preferences: request.preferences,
  };
  const existing = await deps.subscribers.get(id);
  let outcome = 'confirmation-sent' as RegisterOutcome;
  if (!existing) {
    const subscriber: Subscriber = {
      id,
      email,
      status: 'pending',
      preferences: request.preferences,
      createdAt: at,
      statusChangedAt: at,
      pendingChoices: [choice],
    };
    if ((await deps.subscribers.save(subscriber, undefined)) === undefined) {
      return registerSignup(request, deps); // created concurrently: handle as existing
    }
  } else {
    await updateSubscriber(
      deps.subscribers,
      id,
      (current) => {
        switch (current.status) {
          case 'confirmed':
            // Never changed by an unauthenticated request: the owner manages through a signed link.
            outcome = 'already-subscribed';
            return undefined;
          case 'suppressed':
            outcome = 'suppressed';
            return undefined;
          default:
            outcome = 'confirmation-sent';
            return withoutUndefined({
              ...current,
              status: 'pending' as const,
              // Anyone may type an address: each confirmation link confirms the choices of the
              // signup that sent it (pendingChoices), so the owner's link confirms what the owner
              // chose (two in one second share one link: the first keeps it). A signup after an
              // unsubscribe starts afresh.
              preferences: current.status === 'pending' ? current.preferences : request.preferences,
              pendingChoices: [
                ...(current.status === 'pending' ? (current.pendingChoices ?? []) : []),
                choice,
              ]
                .filter((kept, n, all) => all.findIndex((c) => c.issuedAt === kept.issuedAt) === n)
                .slice(-PENDING_CHOICES_KEPT),
              // Still pending: the pending period (and the links sent in it) goes on.
              statusChangedAt: current.status === 'pending' ? current.statusChangedAt : at,
              lastLeft: leftOf(current) ?? current.lastLeft,
              statusReason: undefined,
              nextDigestAt: undefined,
            });
        }
      },
      existing,
    );
  }
  if (outcome === 'suppressed') return outcome;
  const rendered =
    outcome === 'already-subscribed'
      ? renderAlreadySubscribed(personalLinks(deps.settings, deps.signer, { id, email }, now))
      : renderConfirmation({ email, confirmUrl: tokenUrl(deps.settings, deps.signer, 'confirm', id, now) });
  const kind = outcome === 'already-subscribed' ? 'notice' : 'confirmation';
  const raw = await buildMime({
    ...rendered,
    from: deps.settings.from,
    replyTo: deps.settings.replyTo,
    to: email,
    kind,
  });
  await deps.mailer.send({ to: email, raw, kind });
  return outcome;
}
