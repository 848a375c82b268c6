/** Scheduled (every 15 minutes): plans the digests due now and queues them; flushes held-back alerts. */
import { env } from '../../infra/topology.js';
import { type PlanResult, planDigests } from '../../shared/mail/plan-digests.js';
import { rendersFromEnv } from '../bucket-wiring.js';
import { clippingsFromEnv, deliveriesFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { alertFlushQueueFromEnv, digestQueueFromEnv } from '../queue-wiring.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('plan-digests');
const deps = {
  subscribers: subscribersFromEnv(),
  clippings: clippingsFromEnv(),
  sources: sourcesFromEnv(),
  renders: rendersFromEnv(),
  digests: digestQueueFromEnv(),
  deliveries: deliveriesFromEnv(),
  alertFlushes: alertFlushQueueFromEnv(),
  homeUrl: process.env[env.mailHomeUrl] || undefined,
  now: () => new Date(),
  log: (message: string, details?: Record<string, unknown>) => logger.info(message, details ?? {}),
};

export async function handler(): Promise<PlanResult> {
  return planDigests(deps);
}
