/**
 * SES bounce and complaint events (event publishing through SNS, raw or in the SNS envelope):
 * a permanent bounce or a complaint suppresses the address, so Bantin never mails it again.
 * Anything unreadable is refused with a reason (the handler reports it failed, and it ends in
 * the dead-letter queue for a person to read); it never stops the other messages.
 */

import { toZonedIso } from '../domain/time.js';
import * as z from '../domain/zod.js';
import { addressProblem, mailboxOf } from './address.js';
import type { SubscriberRepository } from './ports.js';
import { suppressAddress, updateSubscriber, withoutUndefined } from './subscriber-updates.js';
import type { TokenSigner } from './tokens.js';

export interface Feedback {
  kind: 'bounce' | 'complaint' | 'other';
  /** Whether the address must not be mailed again. */
  suppress: boolean;
  reason: string;
  recipients: string[];
  messageId?: string;
}

export class FeedbackError extends Error {
  override name = 'FeedbackError';
}

const Text = (max: number) => z.string().check(z.maxLength(max));
const Recipients = (field: string) => z.array(z.looseObject({ [field]: Text(1000) })).check(z.maxLength(100));

const SesEventSchema = z.looseObject({
  eventType: z.optional(Text(50)),
  notificationType: z.optional(Text(50)),
  mail: z.optional(z.looseObject({ messageId: z.optional(Text(200)) })),
  bounce: z.optional(
    z.looseObject({
      bounceType: Text(50),
      bounceSubType: z.optional(Text(50)),
      bouncedRecipients: Recipients('emailAddress'),
    }),
  ),
  complaint: z.optional(
    z.looseObject({
      complainedRecipients: Recipients('emailAddress'),
      complaintFeedbackType: z.optional(Text(50)),
    }),
  ),
});

/** A bounces queue message body (text) read as feedback; an issue says what is wrong with it. */
export const FeedbackMessageSchema = z.pipe(
  z.string(),
  z.transform((body: string, ctx): Feedback => {
    try {
      return parseFeedback(body);
    } catch (error) {
      if (!(error instanceof FeedbackError)) throw error;
      ctx.issues.push({ code: 'custom', message: error.message, input: body });
      return z.NEVER;
    }
  }),
);

/** Reads one queue message body; throws FeedbackError saying what is wrong with it. */
export function parseFeedback(body: string): Feedback {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new FeedbackError(`not JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
  // Without raw delivery, SNS wraps the event: { Type: "Notification", Message: "<json>" }.
  if (json && typeof json === 'object' && (json as { Type?: unknown }).Type === 'Notification') {
    const message = (json as { Message?: unknown }).Message;
    if (typeof message !== 'string') throw new FeedbackError('SNS notification without a Message');
    return parseFeedback(message);
  }
  const parsed = SesEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FeedbackError(`not an SES event: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const event = parsed.data;
  const type = event.eventType ?? event.notificationType;
  if (!type) throw new FeedbackError('not an SES event: no eventType or notificationType');
  const messageId = event.mail?.messageId;
  if (type === 'Bounce') {
    if (!event.bounce) throw new FeedbackError('Bounce event without a bounce object');
    const permanent = event.bounce.bounceType === 'Permanent';
    return {
      kind: 'bounce',
      suppress: permanent,
      reason: `bounce: ${event.bounce.bounceType}/${event.bounce.bounceSubType ?? 'unknown'}`.slice(0, 200),
      recipients: event.bounce.bouncedRecipients.map((r) => String(r.emailAddress)),
      messageId,
    };
  }
  if (type === 'Complaint') {
    if (!event.complaint) throw new FeedbackError('Complaint event without a complaint object');
    return {
      kind: 'complaint',
      suppress: true,
      reason: `complaint: ${event.complaint.complaintFeedbackType ?? 'unspecified'}`.slice(0, 200),
      recipients: event.complaint.complainedRecipients.map((r) => String(r.emailAddress)),
      messageId,
    };
  }
  return { kind: 'other', suppress: false, reason: type.slice(0, 50), recipients: [], messageId };
}

/** `"Name" <a@b.vn>` or `a@b.vn` → `a@b.vn`, when it is an address Bantin could have sent to. */
function plainAddress(recipient: string): string | undefined {
  const inBrackets = /<([^<>]+)>\s*$/.exec(recipient)?.[1] ?? recipient;
  return addressProblem(inBrackets) ? undefined : inBrackets.trim().toLowerCase();
}

export async function applyFeedback(
  feedback: Feedback,
  deps: { subscribers: SubscriberRepository; signer: TokenSigner; now: () => Date },
): Promise<{ suppressed: number; ignored: string[] }> {
  const result = { suppressed: 0, ignored: [] as string[] };
  if (!feedback.suppress) return result;
  for (const recipient of feedback.recipients) {
    const email = plainAddress(recipient);
    if (!email) {
      result.ignored.push(recipient.slice(0, 100));
      continue;
    }
    const changed = await updateSubscriber(deps.subscribers, deps.signer.subscriberId(email), (current) =>
      current.status === 'suppressed'
        ? undefined
        : withoutUndefined({
            ...current,
            status: 'suppressed' as const,
            statusReason: feedback.reason,
            statusChangedAt: toZonedIso(deps.now()),
            nextDigestAt: undefined,
          }),
    );
    if (changed && changed.before.status !== 'suppressed') result.suppressed++;
    // Its mailbox too (`name+tag@`, a dotted Gmail spelling): a signup of another spelling of it
    // is refused (attack run 38: a complaining inbox got confirmations through its other spellings).
    const mailbox = mailboxOf(email);
    if (changed && mailbox !== email) {
      const at = toZonedIso(deps.now());
      await suppressAddress(
        deps.subscribers,
        deps.signer.subscriberId(mailbox),
        mailbox,
        feedback.reason,
        at,
      );
    }
  }
  return result;
}
