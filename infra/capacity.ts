/**
 * How hard each function may run in AWS: its timeout, batch, concurrency and, for mail senders,
 * its pace, derived from the topology and the account's SES send rate (`-c sesMaxSendRate=14`).
 *
 * The arithmetic of the mail senders (R = the SES maximum send rate, messages per second; every
 * message has one recipient, so messages and recipients count alike):
 *
 *   for each sender f with share s_f of R (the shares add up to 1):
 *     rate_f        = s_f × R                           what f may send per second, all copies together
 *     concurrency_f = max(2, ceil(rate_f / 10))         copies at once (SQS's MaximumConcurrency is ≥ 2;
 *                                                       one copy paces at most 10 sends per second)
 *     reserved_f    = concurrency_f                     no copy beyond it, not even one invoked by hand
 *     pace_f        = floor(rate_f / concurrency_f)     sends per second one copy starts (MAIL_MAX_SENDS_PER_SECOND),
 *                                                       rounded down to 1/100
 *   so Σ_f reserved_f × pace_f ≤ Σ_f rate_f = R: all senders together stay under SES's rate.
 *
 *   A batch must be sent within half the timeout: batchSize_f = min(topology batch,
 *   floor(timeout_f / 2 × pace_f / mailsPerMessage_f)), at least 1; when even one message takes
 *   longer (mailsPerMessage_f / pace_f × 2 > timeout_f), the timeout grows to fit it, up to
 *   Lambda's 900 s (a lower rate fails the synth). Every queue's visibility timeout then stays
 *   at least 6 × its consumer's timeout + its batching window, as AWS asks.
 *
 * With R = 14: digests 8.4/s (2 copies × 4.2/s), alerts 4.2/s (2 × 2.1/s), signups 1.4/s
 * (2 × 0.7/s): 14 in all.
 */
import {
  type FunctionName,
  type FunctionSpec,
  type QueueName,
  type QueueSpec,
  type Trigger,
  topology,
} from './topology.js';

/** SES's starting production quota, messages per second; the sandbox allows 1. */
export const DEFAULT_SES_MAX_SEND_RATE = 14;
/** Sends per second one copy of a mail sender starts at most; more rate means more copies. */
export const MAX_SENDS_PER_INVOCATION_SECOND = 10;
/** SQS event sources accept a MaximumConcurrency from 2 to 1000. */
export const MIN_MAX_CONCURRENCY = 2;
export const MAX_LAMBDA_TIMEOUT_SECONDS = 900;
/** AWS: an SQS event source's queue stays hidden ≥ 6 × the function timeout + the batching window. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface FunctionSettings {
  timeoutSeconds: number;
  /** Queue triggers only. */
  batchSize?: number;
  maxBatchingWindowSeconds?: number;
  maxConcurrency?: number;
  /** Mail senders only: concurrent executions kept for (and allowed to) the function. */
  reservedConcurrency?: number;
  /** Mail senders only: sends per second one invocation starts at most. */
  mailSendsPerSecond?: number;
}

type QueueTrigger = Extract<Trigger, { kind: 'queue' }>;

/** The `-c sesMaxSendRate` context value (a string on the command line), checked. */
export function parseSesMaxSendRate(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_SES_MAX_SEND_RATE;
  const rate = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new Error(
      `sesMaxSendRate must be a positive number of messages per second, not "${String(value)}"`,
    );
  }
  return rate;
}

const floorTo100th = (value: number) => Math.floor(value * 100 + 1e-9) / 100;

export function functionSettings(name: FunctionName, sesMaxSendRate: number): FunctionSettings {
  const spec: FunctionSpec = topology.functions[name];
  const trigger = spec.trigger;
  if (trigger.kind !== 'queue') return { timeoutSeconds: spec.timeoutSeconds };
  const base = {
    timeoutSeconds: spec.timeoutSeconds,
    batchSize: trigger.batchSize,
    maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
    maxConcurrency: trigger.maxConcurrency,
  };
  if (!spec.mailBudget) return base;
  return { ...base, ...mailSenderSettings(name, spec, trigger, sesMaxSendRate) };
}

function mailSenderSettings(
  name: string,
  spec: FunctionSpec,
  trigger: QueueTrigger,
  sesMaxSendRate: number,
): FunctionSettings {
  const { share, mailsPerMessage } = spec.mailBudget!;
  const rate = share * sesMaxSendRate;
  const concurrency = Math.max(MIN_MAX_CONCURRENCY, Math.ceil(rate / MAX_SENDS_PER_INVOCATION_SECOND));
  const pace = floorTo100th(rate / concurrency);
  if (pace <= 0) {
    throw new Error(
      `sesMaxSendRate ${sesMaxSendRate} leaves ${name} no sends per second; raise it (SES allows at least 1)`,
    );
  }
  let timeoutSeconds = spec.timeoutSeconds;
  let batchSize = trigger.batchSize;
  if (mailsPerMessage !== undefined) {
    const secondsPerMessage = mailsPerMessage / pace;
    timeoutSeconds = Math.max(timeoutSeconds, Math.ceil(2 * secondsPerMessage));
    if (timeoutSeconds > MAX_LAMBDA_TIMEOUT_SECONDS) {
      throw new Error(
        `at sesMaxSendRate ${sesMaxSendRate}, ${name} sends ${pace}/s per copy: one message of ` +
          `${mailsPerMessage} mails would need ${timeoutSeconds} s, over Lambda's ${MAX_LAMBDA_TIMEOUT_SECONDS} s`,
      );
    }
    batchSize = Math.max(1, Math.min(batchSize, Math.floor(timeoutSeconds / 2 / secondsPerMessage)));
  }
  return {
    timeoutSeconds,
    batchSize,
    maxConcurrency: concurrency,
    reservedConcurrency: concurrency,
    mailSendsPerSecond: pace,
  };
}

/** The consumer of a queue (each queue has exactly one function triggered by it). */
export function consumerOf(queue: QueueName): FunctionName {
  const consumers = (Object.keys(topology.functions) as FunctionName[]).filter((name) => {
    const trigger: Trigger = topology.functions[name].trigger;
    return trigger.kind === 'queue' && trigger.queue === queue;
  });
  if (consumers.length !== 1) throw new Error(`queue ${queue} has ${consumers.length} consumers, not one`);
  return consumers[0]!;
}

/** The queue's visibility timeout: the topology's, raised to 6 × timeout + window when a derived timeout grew. */
export function visibilityTimeoutSeconds(queue: QueueName, sesMaxSendRate: number): number {
  const spec: QueueSpec = topology.queues[queue];
  const consumer = functionSettings(consumerOf(queue), sesMaxSendRate);
  return Math.max(
    spec.visibilityTimeoutSeconds,
    VISIBILITY_TIMEOUT_FACTOR * consumer.timeoutSeconds + (consumer.maxBatchingWindowSeconds ?? 0),
  );
}
