/** Scheduled (every 15 minutes): plans the digests due now and queues them; flushes held-back alerts. */

import { env } from '../../infra/topology.js';
import { type PlanResult, planDigests } from '../../shared/mail/plan-digests.js';
import { rendersFromEnv } from '../bucket-wiring.js';
import { clippingsFromEnv, deliveriesFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { alertFlushQueueFromEnv, digestQueueFromEnv } from '../queue-wiring.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('plan-digests');

export function createHandler(platform: Platform) {
  const deps = {
    subscribers: subscribersFromEnv(platform),
    clippings: clippingsFromEnv(platform),
    sources: sourcesFromEnv(platform),
    renders: rendersFromEnv(platform),
    digests: digestQueueFromEnv(platform),
    deliveries: deliveriesFromEnv(platform),
    alertFlushes: alertFlushQueueFromEnv(platform),
    homeUrl: platform.env[env.mailHomeUrl] || undefined,
    now: () => new Date(),
    log: (message: string, details?: Record<string, unknown>) => logger.info(message, details ?? {}),
  };
  return async (): Promise<PlanResult> => planDigests(deps);
}

export const handler = lambdaHandler(createHandler);
