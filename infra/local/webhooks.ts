/**
 * What SNS does for HTTPS subscriptions, done by the local runner (fauxqs delivers only to
 * SQS), in the JSON SNS sends:
 *
 * - each new webhook gets a `SubscriptionConfirmation` whose `SubscribeURL` (the local HTTP
 *   server's /sns/confirm) the receiver must GET before anything else is delivered;
 * - every article event goes, as a `Notification` with the event as `Message`, to each confirmed
 *   webhook whose filter policy matches the event's message attributes. The events come from a
 *   queue subscribed to the article-events topic without raw delivery, so they arrive in SNS's
 *   envelope with their attributes, exactly as an HTTPS subscriber would get them.
 *
 * Messages are not signed (Signature "LOCAL-UNSIGNED"): a receiver that verifies SNS signatures
 * must skip that check in local mode. Requests go through the SSRF guard at connect time
 * (loopback allowed: local mode only), follow no redirects, and are retried on 5xx, 429 and
 * network errors, as SNS does; a notification still undelivered then goes to the webhooks'
 * dead-letter queue (`webhooks-dlq`), as the subscription's RedrivePolicy has SNS do. The
 * webhooks are kept by FileWebhookSubscriptions.
 */
import { randomUUID } from 'node:crypto';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type QueueAttributeName,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { Agent, fetch } from 'undici';
import type {
  FileWebhookSubscriptions,
  StoredWebhook,
} from '../../shared/adapters/local/webhook-subscriptions.js';
import { guardedLookup, standInPortProblem } from '../../shared/ingest/fetch/address-guard.js';
import {
  matchesFilterPolicy,
  retryDelaysMs,
  webhookFilterPolicy,
} from '../../shared/syndicate/push/filter-policy.js';
import { WEBHOOK_DEAD_LETTERS } from '../topology.js';
import type { EmbeddedAws } from './embedded-aws.js';

export const DELIVERY_QUEUE = 'webhook-deliveries';
const USER_AGENT = 'Amazon Simple Notification Service Agent';
const SIGNING_CERT_URL = 'https://sns.local.invalid/SimpleNotificationService-local.pem';

/** Retries of a confirmation: registering a webhook waits for them (SNS sends it once). */
export const CONFIRMATION_RETRIES_MS = [100, 500];

/**
 * Sends SNS-format JSON to an endpoint: SSRF-guarded, no redirects, a deadline, and retries as
 * the webhooks' delivery policy makes them in AWS (15 over about 35 minutes: a receiver down for
 * a while still gets its events). A stop ends the waits: the delivery is not made, and its event
 * stays queued for the next start.
 */
export class SnsHttpSender {
  private readonly agent: Agent;
  private readonly stopped = new AbortController();

  constructor(
    allowLoopback: boolean,
    private readonly options: { timeoutMs?: number; retryDelaysMs?: number[] } = {},
  ) {
    this.agent = new Agent({ connect: { timeout: 5_000, lookup: guardedLookup(allowLoopback) } });
  }

  /** Returns the final HTTP status, or an error message; `stopped` when a stop cut the retries short. */
  async send(
    endpoint: string,
    message: Record<string, unknown>,
    headers: Record<string, string>,
    retries?: number[],
    onFirstAttempt?: () => void,
    /** Asked before each attempt: false once the webhook is gone (deleted, unsubscribed). */
    wanted: () => boolean = () => true,
  ): Promise<{ status?: number; error?: string; stopped?: boolean; gone?: boolean }> {
    const delays = retries ?? this.options.retryDelaysMs ?? retryDelaysMs();
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    // A webhook kept from an earlier start may name a port a stand-in of AWS took at this one.
    try {
      const standIn = standInPortProblem(new URL(endpoint), true);
      if (standIn) return { error: `refused: ${standIn}` };
    } catch {
      return { error: 'not a valid URL' };
    }
    let last: { status?: number; error?: string } = {};
    const signal = this.stopped.signal;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) {
        await new Promise<void>((resolve) => {
          const cut = () => {
            clearTimeout(timer);
            resolve();
          };
          // The listener leaves with its wait: many failing deliveries add none for good.
          const timer = setTimeout(
            () => {
              signal.removeEventListener('abort', cut);
              resolve();
            },
            delays[attempt - 1],
          );
          signal.addEventListener('abort', cut, { once: true });
        });
      }
      if (signal.aborted) return { ...last, stopped: true };
      // SNS stops delivering to a subscription once it is deleted, retries included.
      if (!wanted()) return { ...last, gone: true };
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=UTF-8', 'user-agent': USER_AGENT, ...headers },
          body: JSON.stringify(message),
          redirect: 'manual',
          dispatcher: this.agent,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        last = { status: response.status };
        if (response.status < 500 && response.status !== 429) return last;
      } catch (error) {
        last = { error: describeSendError(error, timeoutMs) };
      } finally {
        if (attempt === 0) onFirstAttempt?.();
      }
    }
    return last;
  }

  /** Ends the waits between retries at once (a stop). */
  stop(): void {
    this.stopped.abort();
  }

  async close(): Promise<void> {
    this.stop();
    await this.agent.close();
  }
}

/** Why a request got no answer, in words: a deadline is named as one, not as "aborted". */
function describeSendError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) return error.cause ? String(error.cause) : error.message;
  return String(error);
}

interface SnsEnvelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** The attribute of a delivery-queue message meant for one webhook only (its id). */
const ONLY_WEBHOOK = 'bantin-webhook';

/**
 * Messages of the delivery queue held in memory at once, at most (a few KB each). A slow receiver
 * holds back the others only when its backlog reaches this; until then it holds its own deliveries.
 */
const MESSAGES_IN_DELIVERY = 10_000;
/** Requests open at once to one webhook; its further deliveries wait their turn, in order. */
const REQUESTS_PER_WEBHOOK = 10;
/**
 * The delivery queue's visibility timeout: a message stays hidden while its deliveries wait
 * behind a slow receiver's backlog, instead of coming back after SQS's default 30 s and going out twice.
 */
const DELIVERY_VISIBILITY_SECONDS = 12 * 60 * 60;

/**
 * Confirms new webhooks and delivers the article events to the confirmed ones they match. As SNS
 * does, each webhook is delivered to on its own: a receiver that hangs until the deadline delays
 * its own deliveries, not the others' (a batch leaves the queue once all its deliveries end).
 */
export class LocalWebhookDelivery {
  private queueUrl = '';
  /** Batches being delivered, and how many messages they hold. */
  private readonly inDelivery = new Set<Promise<void>>();
  private messagesInDelivery = 0;
  /** Deliveries (an event to one webhook) not yet tried once. */
  private untried = 0;
  private stopping = false;
  /** Per webhook: the open requests, and the deliveries waiting for one of them to end. */
  private readonly lanes = new Map<string, { open: number; waiting: (() => void)[] }>();
  delivered = 0;
  /** Notifications given up on, sent to the webhooks' dead-letter queue. */
  deadLettered = 0;

  constructor(
    private readonly aws: EmbeddedAws,
    private readonly subscriptions: FileWebhookSubscriptions,
    private readonly sender: SnsHttpSender,
    private readonly log?: (message: string) => void,
  ) {}

  /** Creates the delivery queue and subscribes it to the topic, without raw delivery (SNS envelope). */
  async setup(): Promise<void> {
    const { sqs, sns } = this.aws.clients;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: DELIVERY_QUEUE,
        Attributes: { VisibilityTimeout: String(DELIVERY_VISIBILITY_SECONDS) },
      }),
    );
    this.queueUrl = QueueUrl!;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: this.subscriptions.topicArn,
        Protocol: 'sqs',
        Endpoint: Attributes!.QueueArn!,
      }),
    );
  }

  /**
   * Sends pending confirmations, then starts delivering one batch of events without waiting for
   * it (waiting only while MESSAGES_IN_DELIVERY are being delivered); returns how much it took.
   */
  async pollOnce(): Promise<number> {
    const confirmations = await this.sendConfirmations();
    if (this.messagesInDelivery >= MESSAGES_IN_DELIVERY) {
      await Promise.race(this.inDelivery);
      return confirmations;
    }
    const { Messages = [] } = await this.aws.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: Math.min(10, MESSAGES_IN_DELIVERY - this.messagesInDelivery),
        MessageAttributeNames: [ONLY_WEBHOOK],
      }),
    );
    if (Messages.length === 0) return confirmations;
    const confirmed = this.subscriptions.stored().filter((h) => h.status === 'confirmed');
    // A message a stop left for one webhook goes to that one only.
    const hooksOf = (message: (typeof Messages)[number]) => {
      const only = message.MessageAttributes?.[ONLY_WEBHOOK]?.StringValue;
      return only === undefined ? confirmed : confirmed.filter((h) => h.id === only);
    };
    // The batch leaves the queue in one request once every delivery of it has ended.
    const delivery = Promise.all(
      Messages.map((message) => this.deliverMessage(message.Body ?? '', hooksOf(message))),
    )
      .then(async (made) => {
        const done = Messages.filter((_, n) => made[n]);
        if (done.length === 0) return;
        await this.aws.clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: done.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      })
      .then(
        () => undefined,
        (error: unknown) => this.log?.(`webhook delivery: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        this.inDelivery.delete(delivery);
        this.messagesInDelivery -= Messages.length;
      });
    this.inDelivery.add(delivery);
    this.messagesInDelivery += Messages.length;
    return confirmations + Messages.length;
  }

  /**
   * One event to every confirmed webhook whose filter it matches, each on its own. When a stop
   * came before some were made, the event is queued again for each of those webhooks alone, as SNS
   * keeps each subscription's delivery apart: after the next start the webhooks that had it do not
   * get it again (attack run 35: a stop while one receiver failed sent every other one each event
   * twice). False when even that could not be queued: the message itself stays for the next start.
   */
  private async deliverMessage(body: string, hooks: StoredWebhook[]): Promise<boolean> {
    let envelope: SnsEnvelope;
    try {
      envelope = JSON.parse(body) as SnsEnvelope;
    } catch {
      this.log?.('webhook delivery: a message on the delivery queue is not an SNS envelope');
      return true;
    }
    const matching = hooks.filter((hook) =>
      matchesFilterPolicy(webhookFilterPolicy(hook.filter), envelope.MessageAttributes ?? {}),
    );
    const made = await Promise.all(matching.map((hook) => this.deliver(hook, envelope)));
    const left = matching.filter((_, n) => !made[n]);
    if (left.length === 0 || left.length === matching.length) return left.length === 0;
    try {
      for (const hook of left)
        await this.aws.clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: this.queueUrl,
            MessageBody: body,
            MessageAttributes: { [ONLY_WEBHOOK]: { DataType: 'String', StringValue: hook.id } },
          }),
        );
      return true;
    } catch {
      return false;
    }
  }

  /** Waits for every delivery taken, those waiting behind a slow receiver included. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inDelivery]);
  }

  /**
   * At a stop: the requests under way end (each within its deadline and retries); deliveries still
   * waiting their turn are not made, and their events stay queued (kept for the next start), as
   * SQS redelivers what was not deleted. SNS delivers at least once: a webhook may get one twice.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sender.stop();
    for (const lane of this.lanes.values()) {
      // Each waiting delivery is woken as if handed a slot, and gives it back at once.
      lane.open += lane.waiting.length;
      for (const next of lane.waiting.splice(0)) next();
    }
    await this.settle();
  }

  /**
   * Every event taken has been tried once at each of its webhooks, none waits in the queue, and
   * every confirmation is sent: what is left are retries behind a receiver that failed.
   */
  async idleButRetries(): Promise<boolean> {
    return this.untried === 0 && (await this.nothingWaiting(['ApproximateNumberOfMessages']));
  }

  async idle(): Promise<boolean> {
    return (
      this.inDelivery.size === 0 &&
      (await this.nothingWaiting(['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']))
    );
  }

  /** Every confirmation sent, and none of the queue's messages of these kinds. */
  private async nothingWaiting(counts: QueueAttributeName[]): Promise<boolean> {
    if (this.subscriptions.stored().some((h) => !h.confirmationSentAt)) return false;
    const { Attributes = {} } = await this.aws.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: counts }),
    );
    return counts.every((name) => Number(Attributes[name] ?? 0) === 0);
  }

  /** One SubscriptionConfirmation per new webhook (SNS sends one per Subscribe). */
  private async sendConfirmations(): Promise<number> {
    const pending = this.subscriptions.stored().filter((h) => !h.confirmationSentAt);
    for (const hook of pending) await this.sendConfirmation(hook);
    return pending.length;
  }

  /** Sends one webhook its SubscriptionConfirmation (what register() awaits in local mode). */
  async sendConfirmation(hook: StoredWebhook): Promise<void> {
    // Marked first: the receiver may GET the SubscribeURL while this request is still open.
    this.subscriptions.markConfirmationSent(hook.id);
    const messageId = randomUUID();
    const topicArn = this.subscriptions.topicArn;
    const result = await this.sender.send(
      hook.endpoint,
      {
        Type: 'SubscriptionConfirmation',
        MessageId: messageId,
        Token: hook.token,
        TopicArn: topicArn,
        Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
        SubscribeURL: this.subscriptions.subscribeUrl(hook),
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: 'LOCAL-UNSIGNED',
        SigningCertURL: SIGNING_CERT_URL,
      },
      {
        'x-amz-sns-message-type': 'SubscriptionConfirmation',
        'x-amz-sns-message-id': messageId,
        'x-amz-sns-topic-arn': topicArn,
      },
      CONFIRMATION_RETRIES_MS,
    );
    if (result.error || (result.status ?? 500) >= 300) {
      this.log?.(
        `webhook ${hook.endpoint}: confirmation request failed: ${result.error ?? `HTTP ${result.status}`}`,
      );
    }
  }

  /**
   * Delivers in the webhook's own lane: at most REQUESTS_PER_WEBHOOK open, the rest in order.
   * False when the service stopped before this delivery's turn came (nothing was sent).
   */
  private async deliver(hook: StoredWebhook, envelope: SnsEnvelope): Promise<boolean> {
    this.untried++;
    let untried = true;
    const tried = () => {
      if (untried) this.untried--;
      untried = false;
    };
    const lane = this.lanes.get(hook.id) ?? { open: 0, waiting: [] };
    this.lanes.set(hook.id, lane);
    if (lane.open >= REQUESTS_PER_WEBHOOK) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    else lane.open++;
    try {
      if (this.stopping) return false;
      return await this.send(hook, envelope, tried);
    } finally {
      tried();
      // The slot passes to the next waiting delivery, or is freed.
      const next = lane.waiting.shift();
      if (next) next();
      else if (--lane.open === 0) this.lanes.delete(hook.id);
    }
  }

  /** False when a stop cut its retries short (the event stays queued). */
  private async send(
    hook: StoredWebhook,
    envelope: SnsEnvelope,
    onFirstAttempt: () => void,
  ): Promise<boolean> {
    const notification = {
      Type: 'Notification',
      MessageId: envelope.MessageId,
      TopicArn: envelope.TopicArn,
      Message: envelope.Message,
      Timestamp: envelope.Timestamp,
      SignatureVersion: '1',
      Signature: 'LOCAL-UNSIGNED',
      SigningCertURL: SIGNING_CERT_URL,
      UnsubscribeURL: this.subscriptions.unsubscribeUrl(hook.id),
      MessageAttributes: envelope.MessageAttributes ?? {},
    };
    const result = await this.sender.send(
      hook.endpoint,
      notification,
      {
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': envelope.MessageId,
        'x-amz-sns-topic-arn': envelope.TopicArn,
        'x-amz-sns-subscription-arn': hook.id,
      },
      undefined,
      onFirstAttempt,
      () => this.subscriptions.stored().some((h) => h.id === hook.id && h.status === 'confirmed'),
    );
    if (result.status !== undefined && result.status < 300) {
      this.delivered++;
      return true;
    }
    if (result.stopped) return false;
    // Deleted meanwhile (attack run 35: a deleted webhook got 12 more POSTs in 50 s): no dead letter.
    if (result.gone) return true;
    this.log?.(
      `webhook ${hook.endpoint}: delivery failed: ${result.error ?? `HTTP ${result.status}`}; kept in ${WEBHOOK_DEAD_LETTERS}-dlq (npm run cli -- dlq list ${WEBHOOK_DEAD_LETTERS})`,
    );
    // The notification as it was sent: its UnsubscribeURL names the webhook, its Message the article.
    await this.aws.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.aws.webhookDeadLetters.url,
        MessageBody: JSON.stringify(notification),
      }),
    );
    this.deadLettered++;
    return true;
  }
}
