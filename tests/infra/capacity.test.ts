/**
 * The arithmetic of infra/capacity.ts: whatever the SES send rate, the mail senders together
 * stay under it, each batch is sent within half its function's timeout, and every queue stays
 * hidden 6 × its consumer's timeout + batching window. (tests/infra/operations.test.ts checks
 * the same rules on synthesized templates.)
 */
import { describe, expect, it } from 'vitest';
import {
  consumerOf,
  DEFAULT_SES_MAX_SEND_RATE,
  functionSettings,
  MAX_LAMBDA_TIMEOUT_SECONDS,
  parseSesMaxSendRate,
  visibilityTimeoutSeconds,
} from '../../infra/capacity.js';
import { type FunctionName, type FunctionSpec, type QueueName, topology } from '../../infra/topology.js';
import { DigestJobSchema } from '../../shared/mail/messages.js';

const functionNames = Object.keys(topology.functions) as FunctionName[];
const queueNames = Object.keys(topology.queues) as QueueName[];
const mailSenders = functionNames.filter((name) => (topology.functions[name] as FunctionSpec).mailBudget);
const RATES = [1, 2, 3.7, 14, 28, 50, 200, 1000, 5000];

describe('mail senders under the SES send rate', () => {
  it('are the functions that send mail, with shares adding up to the whole rate', () => {
    const senders = functionNames.filter(
      (name) => (topology.functions[name] as FunctionSpec).access.sendsMail,
    );
    expect(mailSenders.sort()).toEqual(senders.sort());
    expect(mailSenders.sort()).toEqual(['register-signup', 'send-alerts', 'send-digest']);
    const shares = mailSenders.map((name) => (topology.functions[name] as FunctionSpec).mailBudget!.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it.each(RATES)('together send at most %s messages per second, and use nearly all of it', (rate) => {
    let total = 0;
    for (const name of mailSenders) {
      const settings = functionSettings(name, rate);
      expect(settings.reservedConcurrency).toBe(settings.maxConcurrency);
      expect(settings.maxConcurrency).toBeGreaterThanOrEqual(2);
      expect(settings.maxConcurrency).toBeLessThanOrEqual(1000);
      expect(settings.mailSendsPerSecond).toBeGreaterThan(0);
      total += settings.reservedConcurrency! * settings.mailSendsPerSecond!;
    }
    expect(total).toBeLessThanOrEqual(rate + 1e-9);
    // Rounding each pace down to 1/100 loses little.
    const copies = mailSenders.reduce((n, name) => n + functionSettings(name, rate).reservedConcurrency!, 0);
    expect(total).toBeGreaterThanOrEqual(rate - copies * 0.01 - 1e-9);
  });

  it.each(RATES)('at %s/s send a whole batch within half the timeout, under Lambda’s limit', (rate) => {
    for (const name of mailSenders) {
      const spec = topology.functions[name] as FunctionSpec;
      const settings = functionSettings(name, rate);
      expect(settings.timeoutSeconds).toBeGreaterThanOrEqual(spec.timeoutSeconds);
      expect(settings.timeoutSeconds).toBeLessThanOrEqual(MAX_LAMBDA_TIMEOUT_SECONDS);
      const trigger = spec.trigger as { batchSize: number };
      expect(settings.batchSize).toBeGreaterThanOrEqual(1);
      expect(settings.batchSize).toBeLessThanOrEqual(trigger.batchSize);
      const perMessage = spec.mailBudget!.mailsPerMessage;
      if (perMessage === undefined) continue;
      const seconds = (settings.batchSize! * perMessage) / settings.mailSendsPerSecond!;
      expect(seconds).toBeLessThanOrEqual(settings.timeoutSeconds / 2 + 1e-9);
    }
  });

  it('at the default 14/s: digests 2 × 4.2/s, alerts 2 × 2.1/s, signups 2 × 0.7/s, with the topology batches', () => {
    expect(DEFAULT_SES_MAX_SEND_RATE).toBe(14);
    expect(functionSettings('send-digest', 14)).toMatchObject({
      maxConcurrency: 2,
      reservedConcurrency: 2,
      mailSendsPerSecond: 4.2,
      batchSize: 1,
      timeoutSeconds: 120,
    });
    expect(functionSettings('send-alerts', 14)).toMatchObject({
      maxConcurrency: 2,
      mailSendsPerSecond: 2.1,
      batchSize: 50,
    });
    expect(functionSettings('register-signup', 14)).toMatchObject({
      maxConcurrency: 2,
      mailSendsPerSecond: 0.7,
      batchSize: 10,
    });
  });

  it('at the sandbox’s 1/s: longer timeouts and smaller batches instead of faster sends', () => {
    expect(functionSettings('send-digest', 1)).toMatchObject({
      mailSendsPerSecond: 0.3,
      timeoutSeconds: 667,
    });
    expect(functionSettings('register-signup', 1)).toMatchObject({
      mailSendsPerSecond: 0.05,
      batchSize: 1,
      timeoutSeconds: 40,
    });
  });

  it('at a high rate: more copies, each within 10 sends per second', () => {
    const digest = functionSettings('send-digest', 500);
    expect(digest.maxConcurrency).toBe(30);
    expect(digest.mailSendsPerSecond).toBe(10);
  });

  it('refuses a rate too low for one digest job within Lambda’s 15 minutes', () => {
    expect(() => functionSettings('send-digest', 0.5)).toThrow(/900 s/);
  });

  it('counts the digest job’s largest reader list', () => {
    const subscriberIds = DigestJobSchema.shape.subscriberIds;
    expect(subscriberIds.safeParse(Array(100).fill('a'.repeat(24))).success).toBe(true);
    expect(subscriberIds.safeParse(Array(101).fill('a'.repeat(24))).success).toBe(false);
    expect((topology.functions['send-digest'] as FunctionSpec).mailBudget!.mailsPerMessage).toBe(100);
  });
});

describe('sesMaxSendRate', () => {
  it('defaults to 14 and reads the command line’s string', () => {
    expect(parseSesMaxSendRate(undefined)).toBe(14);
    expect(parseSesMaxSendRate('50')).toBe(50);
    expect(parseSesMaxSendRate(' 3.5 ')).toBe(3.5);
  });

  it.each(['0', '-1', 'fast', 'NaN'])('refuses %j', (value) => {
    expect(() => parseSesMaxSendRate(value)).toThrow(/positive number/);
  });
});

describe('queues and their consumers', () => {
  it.each(queueNames)('%s has one consumer and stays hidden ≥ 6 × its timeout + batching window', (queue) => {
    for (const rate of RATES) {
      const consumer = functionSettings(consumerOf(queue), rate);
      expect(visibilityTimeoutSeconds(queue, rate)).toBeGreaterThanOrEqual(
        6 * consumer.timeoutSeconds + (consumer.maxBatchingWindowSeconds ?? 0),
      );
    }
  });

  it.each(queueNames)('%s: the topology values already follow the rule at the default rate', (queue) => {
    const spec = topology.queues[queue];
    expect(visibilityTimeoutSeconds(queue, DEFAULT_SES_MAX_SEND_RATE)).toBe(spec.visibilityTimeoutSeconds);
    expect(spec.maxReceiveCount).toBeGreaterThanOrEqual(5);
  });

  it.each(functionNames.filter((name) => topology.functions[name].trigger.kind === 'queue'))(
    '%s has a MaximumConcurrency SQS accepts',
    (name) => {
      const trigger = topology.functions[name].trigger as { maxConcurrency: number };
      expect(trigger.maxConcurrency).toBeGreaterThanOrEqual(2);
      expect(trigger.maxConcurrency).toBeLessThanOrEqual(1000);
    },
  );
});
