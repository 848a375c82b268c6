import { SourceIdSchema } from './source-id.js';
import { isoInstantSchema, timeZoneSchema } from './time.js';
import * as z from './zod.js';

export const FrequencySchema = z.enum(['instant', 'daily', 'weekly']);
export type Frequency = z.infer<typeof FrequencySchema>;

/**
 * A stored subscriber's address: one address on one line. What a person may type is decided at
 * the door, by SignupAddressSchema (mail/address.ts), which is stricter; a store checks no more,
 * so that every address the door lets in can be kept (zod's email check refused some it accepts:
 * `%` before the @, an xn-- top-level domain).
 */
export const EmailSchema = z.pipe(
  z.string().check(
    z.trim(),
    z.maxLength(254),
    z.refine(
      (s) => !/[\u0000-\u001f\u007f\s]/.test(s),
      'must not contain spaces, line breaks or control characters',
    ),
    z.refine((s) => /^[^@]+@[^@]+\.[^@.]+$/.test(s), 'not a valid email address'),
  ),
  z.transform((s: string) => s.toLowerCase()),
);

/**
 * Categories or keywords: each item split where the subscribe form splits its fields (commas and
 * semicolons), so a list sent to the API and the same list saved back from the manage form are
 * one list ("giá vàng, tỷ giá" is two keywords either way); `most` items of 1–100 characters
 * (`least` at the least) after that.
 */
/** How many categories and keywords a reader may choose, and how long each may be. */
export const CHOICE_LIMITS = { categories: 100, keywords: 50, chars: 100 };

/** The longest a form field of such a list can be, its items joined by ", ". */
export function choiceFieldLength(field: 'categories' | 'keywords'): number {
  return CHOICE_LIMITS[field] * (CHOICE_LIMITS.chars + 2);
}

/**
 * Where the subscribe form splits a field into items: commas and semicolons, not the comma of a
 * number ("1,5 tỷ đồng" is one keyword: attack run 31, the API stored "giá 1" and "5 tỷ đồng").
 */
export const LIST_SEPARATOR = /;|(?<!\d),|,(?!\d)/;

function choiceList(least: number, most: number) {
  return z.pipe(
    z.pipe(
      z.array(z.string()),
      z.transform((items: string[]) =>
        items.flatMap((item) =>
          /[,;]/.test(item) ? item.split(LIST_SEPARATOR).filter((part) => part.trim() !== '') : [item],
        ),
      ),
    ),
    z.array(z.trimmedString(least, CHOICE_LIMITS.chars)).check(z.maxLength(most)),
  );
}

export const SubscriptionPreferencesSchema = z.strictObject({
  /** Empty means every source. */
  sources: z._default(z.array(SourceIdSchema).check(z.maxLength(200)), []),
  categories: z._default(choiceList(1, CHOICE_LIMITS.categories), []),
  keywords: z._default(choiceList(2, CHOICE_LIMITS.keywords), []),
  frequency: z._default(FrequencySchema, 'daily'),
  /** Local hour (0-23) at which digests are sent. */
  sendHour: z._default(z.int().check(z.gte(0), z.lte(23)), 7),
  timeZone: z._default(timeZoneSchema, 'Asia/Ho_Chi_Minh'),
});
export type SubscriptionPreferences = z.infer<typeof SubscriptionPreferencesSchema>;

export const SubscriberStatusSchema = z.enum(['pending', 'confirmed', 'unsubscribed', 'suppressed']);

/** Signups of a pending address whose choices are kept (more in an hour are refused: SIGNUP_LIMITS). */
export const PENDING_CHOICES_KEPT = 5;

export const SubscriberSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-f0-9]{24}$/)),
  email: EmailSchema,
  status: SubscriberStatusSchema,
  preferences: SubscriptionPreferencesSchema,
  createdAt: isoInstantSchema,
  confirmedAt: z.optional(isoInstantSchema),
  /** End of the window of the last digest sent: the next one starts there. */
  lastDigestAt: z.optional(isoInstantSchema),
  /**
   * When the last digest actually mailed was due (its window's end), kept through instant
   * spells: a schedule change never brings a second digest into its period (attack run 38:
   * `lastDigestAt` also marks where alerts stopped, which is no digest).
   */
  lastDigestSentFor: z.optional(isoInstantSchema),
  /** When the next digest is due; absent unless confirmed with a daily or weekly frequency. */
  nextDigestAt: z.optional(isoInstantSchema),
  /** When `status` last changed, and why (e.g. `bounce: Permanent/General`, `complaint`, `one-click`). */
  statusChangedAt: z.optional(isoInstantSchema),
  statusReason: z.optional(z.string().check(z.maxLength(200))),
  /**
   * When and how the reader last left (unsubscribed, or was suppressed), kept through later
   * signups and a lifted suppression: what a complaint asks for (attack run 37: anyone's signup
   * of the address overwrote it).
   */
  lastLeft: z.optional(
    z.strictObject({
      at: isoInstantSchema,
      status: z.enum(['unsubscribed', 'suppressed']),
      reason: z.string().check(z.maxLength(200)),
    }),
  ),
  /**
   * While pending: the choices of each signup whose confirmation link is still good, by the
   * second its link was signed, oldest first. A link confirms its own signup's choices, not the
   * first signup's (attack run 28: whoever typed an address first chose what its owner confirmed).
   */
  pendingChoices: z.optional(
    z
      .array(z.strictObject({ issuedAt: isoInstantSchema, preferences: SubscriptionPreferencesSchema }))
      .check(z.maxLength(PENDING_CHOICES_KEPT)),
  ),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

/**
 * The reason an administrator's lift of a suppression gives the status it leaves (unsubscribed):
 * no leaving of the reader's, whose last one stays the suppression lifted.
 */
export const LIFTED_REASON = 'admin lifted the suppression: ';

/** The record of a reader's leaving, while their status says they left (not a lifted suppression's). */
export function leftOf(subscriber: Subscriber): Subscriber['lastLeft'] {
  const { status, statusChangedAt, statusReason } = subscriber;
  if ((status !== 'unsubscribed' && status !== 'suppressed') || !statusChangedAt) return undefined;
  // Newcomer run 49: a signup after a lift recorded the lift as how the reader left.
  if (statusReason?.startsWith(LIFTED_REASON)) return undefined;
  return { at: statusChangedAt, status, reason: statusReason ?? '' };
}
