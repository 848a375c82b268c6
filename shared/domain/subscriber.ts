import * as z from 'zod';
import { SourceIdSchema } from './source-id.js';
import { isoInstantSchema, timeZoneSchema } from './time.js';

export const FrequencySchema = z.enum(['instant', 'daily', 'weekly']);
export type Frequency = z.infer<typeof FrequencySchema>;

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .refine((s) => !/[\r\n]/.test(s), 'must not contain line breaks')
  .pipe(z.email({ message: 'not a valid email address' }))
  .transform((s) => s.toLowerCase());

export const SubscriptionPreferencesSchema = z
  .object({
    /** Empty means every source. */
    sources: z.array(SourceIdSchema).max(200).default([]),
    categories: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    keywords: z.array(z.string().trim().min(2).max(100)).max(50).default([]),
    frequency: FrequencySchema.default('daily'),
    /** Local hour (0-23) at which digests are sent. */
    sendHour: z.number().int().min(0).max(23).default(7),
    timeZone: timeZoneSchema.default('Asia/Ho_Chi_Minh'),
  })
  .strict();
export type SubscriptionPreferences = z.infer<typeof SubscriptionPreferencesSchema>;

export const SubscriberStatusSchema = z.enum(['pending', 'confirmed', 'unsubscribed', 'suppressed']);

export const SubscriberSchema = z
  .object({
    id: z.string().regex(/^[a-f0-9]{24}$/),
    email: EmailSchema,
    status: SubscriberStatusSchema,
    preferences: SubscriptionPreferencesSchema,
    createdAt: isoInstantSchema,
    confirmedAt: isoInstantSchema.optional(),
    /** End of the window of the last digest sent: the next one starts there. */
    lastDigestAt: isoInstantSchema.optional(),
    /** When the next digest is due; absent unless confirmed with a daily or weekly frequency. */
    nextDigestAt: isoInstantSchema.optional(),
    /** When `status` last changed, and why (e.g. `bounce: Permanent/General`, `complaint`, `one-click`). */
    statusChangedAt: isoInstantSchema.optional(),
    statusReason: z.string().max(200).optional(),
  })
  .strict();
export type Subscriber = z.infer<typeof SubscriberSchema>;
