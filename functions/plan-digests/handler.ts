/** Scheduled (every 15 minutes): plans the digests due now and queues them; flushes held-back alerts. */

import { env } from '../../infra/topology.js';
import { type PlanResult, planDigests } from '../../shared/mail/plan-digests.js';
import { clippingsFromEnv, deliveriesFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { lambdaHandler, onFirstCall, type Platform } from '../platform.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('plan-digests');
// Most runs find no reader due and no alert held back: S3 (the rendered digests) and SQS load
// with the first run that has something to queue, not at every cold start.
const queues = () => import('../queue-wiring.js');

export function createHandler(platform: Platform) {
  const deps = {
    subscribers: subscribersFromEnv(platform),
    clippings: clippingsFromEnv(platform),
    sources: sourcesFromEnv(platform),
    renders: onFirstCall(async () => (await import('../bucket-wiring.js')).rendersFromEnv(platform)),
    digests: onFirstCall(async () => (await queues()).digestQueueFromEnv(platform)),
    deliveries: deliveriesFromEnv(platform),
    alertFlushes: onFirstCall(async () => (await queues()).alertFlushQueueFromEnv(platform)),
    homeUrl: platform.env[env.mailHomeUrl] || undefined,
    now: () => new Date(),
    log: (message: string, details?: Record<string, unknown>) => logger.info(message, details ?? {}),
  };
  return async (): Promise<PlanResult> => planDigests(deps);
}

export const handler = lambdaHandler(createHandler);
