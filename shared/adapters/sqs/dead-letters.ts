/**
 * Dead-letter queues, for the operator: how many messages each holds, what they are, and
 * redrive: receive from the dead-letter queue, send to its source queue, delete what was sent.
 * That works on AWS and on the local stand-in alike (which has no StartMessageMoveTask).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** A work queue and its dead-letter queue. */
export interface QueuePair {
  name: string;
  url: string;
  deadLetterUrl: string;
}

export interface QueueDepth {
  queue: string;
  /** Messages in the dead-letter queue (visible and being read). */
  deadLetters: number;
  /** Messages waiting in the work queue, and being worked on. */
  waiting: number;
  inFlight: number;
}

export interface DeadLetter {
  messageId: string;
  sentAt?: string;
  /** How often the work queue handed it out before it was dead-lettered (and read here since). */
  receiveCount?: number;
  /** The body, parsed when it is JSON. */
  body: unknown;
  attributes?: Record<string, string | undefined>;
}

/** While redrive holds a batch: long enough to send it on and delete it. */
const HOLD_SECONDS = 60;
/** Receives at most this many times per call: a queue refilled as fast as it drains cannot keep it going. */
const MAX_ROUNDS = 10_000;

async function counts(sqs: SQSClient, url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** Messages in a dead-letter queue with no work queue of its own (the webhooks'). */
export async function deadLetterCount(sqs: SQSClient, deadLetterUrl: string): Promise<number> {
  const dead = await counts(sqs, deadLetterUrl);
  return dead.visible + dead.inFlight;
}

export async function queueDepths(sqs: SQSClient, queues: QueuePair[]): Promise<QueueDepth[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const [dead, work] = await Promise.all([counts(sqs, queue.deadLetterUrl), counts(sqs, queue.url)]);
      return {
        queue: queue.name,
        deadLetters: dead.visible + dead.inFlight,
        waiting: work.visible,
        inFlight: work.inFlight,
      };
    }),
  );
}

function receive(sqs: SQSClient, url: string, max: number, holdSeconds: number) {
  return sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: Math.min(10, max),
      VisibilityTimeout: holdSeconds,
      // A short long-poll: a plain receive may miss messages of a small queue on AWS.
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
}

function parseBody(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return body ?? '';
  }
}

/** Reads up to `limit` dead letters and puts them back at once: nothing is moved or deleted. */
export async function peekDeadLetters(
  sqs: SQSClient,
  queue: Pick<QueuePair, 'deadLetterUrl'>,
  limit: number,
): Promise<DeadLetter[]> {
  const held: Message[] = [];
  try {
    for (let round = 0; held.length < limit && round < MAX_ROUNDS; round++) {
      const { Messages = [] } = await receive(sqs, queue.deadLetterUrl, limit - held.length, 30);
      if (Messages.length === 0) break;
      held.push(...Messages);
    }
  } finally {
    for (let i = 0; i < held.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.deadLetterUrl,
          Entries: held.slice(i, i + 10).map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }
  return held.map((m) => ({
    messageId: m.MessageId!,
    ...(m.Attributes?.SentTimestamp && {
      sentAt: new Date(Number(m.Attributes.SentTimestamp)).toISOString(),
    }),
    ...(m.Attributes?.ApproximateReceiveCount && {
      receiveCount: Number(m.Attributes.ApproximateReceiveCount),
    }),
    body: parseBody(m.Body),
    ...(m.MessageAttributes &&
      Object.keys(m.MessageAttributes).length > 0 && {
        attributes: Object.fromEntries(
          Object.entries(m.MessageAttributes).map(([key, value]) => [key, value.StringValue]),
        ),
      }),
  }));
}

export interface RedriveResult {
  queue: string;
  /** Sent back to the work queue and deleted from the dead-letter queue. */
  moved: number;
  /** Sent back, but still in the dead-letter queue too (its delete failed): it may run twice. */
  sentNotDeleted: number;
  /** SQS refused to send them back: they stay in the dead-letter queue. */
  refused: { messageId: string; reason: string }[];
}

/**
 * Moves up to `limit` messages from the dead-letter queue back to the work queue, body and
 * attributes unchanged; stops early when SQS refuses a send, so nothing is lost.
 */
export async function redrive(sqs: SQSClient, queue: QueuePair, limit: number): Promise<RedriveResult> {
  const result: RedriveResult = { queue: queue.name, moved: 0, sentNotDeleted: 0, refused: [] };
  for (let round = 0; result.moved + result.sentNotDeleted < limit && round < MAX_ROUNDS; round++) {
    const remaining = limit - result.moved - result.sentNotDeleted;
    const { Messages = [] } = await receive(sqs, queue.deadLetterUrl, remaining, HOLD_SECONDS);
    if (Messages.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Messages.map((m, n) => ({
          Id: String(n),
          MessageBody: m.Body ?? '',
          ...(m.MessageAttributes &&
            Object.keys(m.MessageAttributes).length > 0 && {
              MessageAttributes: m.MessageAttributes,
            }),
        })),
      }),
    );
    const ok = (sent.Successful ?? []).map((s) => Messages[Number(s.Id)]!);
    for (const failure of sent.Failed ?? []) {
      result.refused.push({
        messageId: Messages[Number(failure.Id)]!.MessageId!,
        reason: `${failure.Code ?? ''} ${failure.Message ?? ''}`.trim(),
      });
    }
    if (ok.length > 0) {
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.deadLetterUrl,
          Entries: ok.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      const notDeleted = deleted.Failed?.length ?? 0;
      result.moved += ok.length - notDeleted;
      result.sentNotDeleted += notDeleted;
    }
    if (result.refused.length > 0) break;
  }
  return result;
}
