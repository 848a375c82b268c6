/**
 * What a subscriber does through the signed links: confirm (double opt-in), change
 * preferences, unsubscribe. A token that is forged, altered, expired, meant for another purpose
 * or for a subscriber that no longer exists changes nothing.
 */
import type { Subscriber, SubscriptionPreferences } from '../domain/subscriber.js';
import { toZonedIso } from '../domain/time.js';
import { type HeldBackDeps, heldBackSince, holdDigestWindow } from './held-back.js';
import type { SubscriberRepository } from './ports.js';
import { updateSubscriber, withoutUndefined } from './subscriber-updates.js';
import type { TokenPurpose, TokenSigner } from './tokens.js';

// Digest schedules (and luxon's 70 KB) load with the first confirmation or preferences saved:
// unsubscribe clicks and page views, most of this function's requests, need neither.
const schedule = () => import('./schedule.js');

export interface SubscriptionDeps {
  subscribers: SubscriberRepository;
  signer: TokenSigner;
  now: () => Date;
}

export type TokenFailure = { ok: false; problem: 'invalid' | 'expired' | 'unknown-subscriber' };
/** The subscriber a token names, and when the token was issued. */
type Found = { ok: true; subscriber: Subscriber; issuedAt: Date };

async function resolve(
  token: string,
  purpose: TokenPurpose,
  deps: SubscriptionDeps,
): Promise<Found | TokenFailure> {
  const check = deps.signer.verify(token, purpose, deps.now());
  if (!check.ok) return { ok: false, problem: check.reason === 'expired' ? 'expired' : 'invalid' };
  const record = await deps.subscribers.get(check.subscriberId);
  if (!record) return { ok: false, problem: 'unknown-subscriber' };
  // A manage link belongs to the subscription it was sent for: one from before the address
  // confirmed again (unsubscribed, then signed up anew) manages nothing, as an expired one; nor
  // does one from before a signup still pending (its choices are its owner's to confirm).
  // (A pending signup's period began after any confirmation before it.)
  const { subscriber } = record;
  const since = subscriber.status === 'pending' ? subscriber.statusChangedAt : subscriber.confirmedAt;
  if (purpose === 'manage' && issuedBefore(check.issuedAt, since)) {
    return { ok: false, problem: 'expired' };
  }
  return { ok: true, subscriber: record.subscriber, issuedAt: check.issuedAt };
}

/** Checks a token without changing anything (the pages that ask "are you sure?"). */
export async function peek(
  token: string,
  purpose: TokenPurpose,
  deps: SubscriptionDeps,
): Promise<Found | TokenFailure> {
  return resolve(token, purpose, deps);
}

/**
 * `superseded`: the address is still pending, but this link's signup is no longer among the
 * choices kept (later signups pushed it out): the newest mail's link confirms.
 */
export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'no-longer-pending' | 'superseded';

/**
 * The choices a confirmation link issued at `issuedAt` confirms: those of the signup that sent
 * it (a record from before pendingChoices: its own); undefined when none is kept.
 */
export function choicesOfLink(subscriber: Subscriber, issuedAt: Date): SubscriptionPreferences | undefined {
  if (!subscriber.pendingChoices) return subscriber.preferences;
  return subscriber.pendingChoices.find((c) => Date.parse(c.issuedAt) === issuedAt.getTime())?.preferences;
}

/** A link issued before the pending period began (tokens tell their issue time in whole seconds). */
function issuedBefore(issuedAt: Date, periodStart: string | undefined): boolean {
  if (!periodStart) return false;
  return issuedAt.getTime() < Math.floor(new Date(periodStart).getTime() / 1000) * 1000;
}

export async function confirmSubscription(
  token: string,
  deps: SubscriptionDeps,
): Promise<{ ok: true; outcome: ConfirmOutcome; subscriber: Subscriber } | TokenFailure> {
  const found = await resolve(token, 'confirm', deps);
  if (!found.ok) return found;
  const { nextDigestAt } = await schedule();
  const now = deps.now();
  let outcome = 'confirmed' as ConfirmOutcome;
  const result = await updateSubscriber(deps.subscribers, found.subscriber.id, (current) => {
    if (current.status === 'confirmed') {
      outcome = 'already-confirmed';
      return undefined;
    }
    // An old confirmation link must not undo an unsubscribe or a suppression, nor confirm a
    // later signup of the address (with its own choices, and its own link).
    if (current.status !== 'pending' || issuedBefore(found.issuedAt, current.statusChangedAt)) {
      outcome = 'no-longer-pending';
      return undefined;
    }
    // The choices of the signup this link was sent for.
    const preferences = choicesOfLink(current, found.issuedAt);
    if (!preferences) {
      outcome = 'superseded';
      return undefined;
    }
    outcome = 'confirmed';
    const at = toZonedIso(now);
    const next = nextDigestAt(preferences, now);
    return withoutUndefined({
      ...current,
      preferences,
      pendingChoices: undefined,
      status: 'confirmed' as const,
      confirmedAt: at,
      statusChangedAt: at,
      statusReason: 'double opt-in',
      lastDigestAt: undefined,
      nextDigestAt: next ? toZonedIso(next, current.preferences.timeZone) : undefined,
    });
  });
  if (!result) return { ok: false, problem: 'unknown-subscriber' };
  return { ok: true, outcome, subscriber: result.after };
}

export type UnsubscribeOutcome = 'unsubscribed' | 'already-unsubscribed';

/** `how` is kept as the reason: `one-click` (RFC 8058 POST), `page` or `manage`. */
export async function unsubscribe(
  token: string,
  how: string,
  deps: SubscriptionDeps,
  purpose: TokenPurpose = 'unsubscribe',
): Promise<{ ok: true; outcome: UnsubscribeOutcome } | TokenFailure> {
  const found = await resolve(token, purpose, deps);
  if (!found.ok) return found;
  let outcome = 'unsubscribed' as UnsubscribeOutcome;
  await updateSubscriber(deps.subscribers, found.subscriber.id, (current) => {
    if (current.status === 'unsubscribed' || current.status === 'suppressed') {
      outcome = 'already-unsubscribed';
      return undefined;
    }
    outcome = 'unsubscribed';
    return withoutUndefined({
      ...current,
      status: 'unsubscribed' as const,
      statusChangedAt: toZonedIso(deps.now()),
      statusReason: how,
      nextDigestAt: undefined,
    });
  });
  return { ok: true, outcome };
}

/** Saves new preferences; a confirmed subscriber's next digest moves to the new schedule. */
export async function updatePreferences(
  token: string,
  preferences: SubscriptionPreferences,
  deps: SubscriptionDeps,
  alerts: HeldBackDeps,
): Promise<{ ok: true; subscriber: Subscriber } | TokenFailure | { ok: false; problem: 'not-subscribed' }> {
  const found = await resolve(token, 'manage', deps);
  if (!found.ok) return found;
  if (found.subscriber.status === 'unsubscribed' || found.subscriber.status === 'suppressed') {
    return { ok: false, problem: 'not-subscribed' };
  }
  const { digestPeriod, nextDigestAt } = await schedule();
  const now = deps.now();
  // Leaving instant alerts: the first digest starts where the alerts stopped, with any article
  // the hourly cap still holds back for the next alert (which this reader will no longer get).
  const leavesAlerts =
    found.subscriber.preferences.frequency === 'instant' && preferences.frequency !== 'instant';
  const heldBack = leavesAlerts ? await heldBackSince(found.subscriber.id, now, alerts) : undefined;
  const firstDigestFrom = heldBack && heldBack < now ? heldBack : now;
  const result = await updateSubscriber(deps.subscribers, found.subscriber.id, (current) => {
    if (current.status === 'unsubscribed' || current.status === 'suppressed') return undefined;
    const before = current.preferences;
    const scheduleChanged =
      before.frequency !== preferences.frequency ||
      before.sendHour !== preferences.sendHour ||
      before.timeZone !== preferences.timeZone;
    let next = current.nextDigestAt;
    if (current.status === 'confirmed' && scheduleChanged) {
      let at = nextDigestAt(preferences, now);
      // One digest a period (attack run 37: moving the hour later, or the zone west, after the
      // day's digest gave a second one that day): the first send time in a later period than the
      // last digest mailed (lastDigestSentFor: when it was due).
      const last = current.lastDigestSentFor;
      if (at && last && preferences.frequency !== 'instant') {
        const periodOf = (instant: Date) =>
          digestPeriod(preferences.frequency as 'daily' | 'weekly', instant, preferences.timeZone);
        if (periodOf(at) <= periodOf(new Date(last))) at = nextDigestAt(preferences, at);
      }
      next = at ? toZonedIso(at, preferences.timeZone) : undefined;
    }
    return withoutUndefined({
      ...current,
      preferences,
      nextDigestAt: next,
      // Leaving instant alerts: the first digest starts there, not with what was already alerted.
      lastDigestAt:
        before.frequency === 'instant' && preferences.frequency !== 'instant'
          ? firstDigestFrom.toISOString()
          : current.lastDigestAt,
    });
  });
  if (!result) return { ok: false, problem: 'unknown-subscriber' };
  // Leaving digests for instant alerts: the window still open goes to the first alert.
  if (result.before.preferences.frequency !== 'instant' && result.after.preferences.frequency === 'instant')
    await holdDigestWindow(result.before, now, alerts);
  return { ok: true, subscriber: result.after };
}
