/** Scheduled: queues one ingest request per source that is due for a poll. */
import * as z from '../../shared/domain/zod.js';
import { planIngest } from '../../shared/ingest/plan-ingest.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { ingestQueueFromEnv } from '../queue-wiring.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('plan-ingest');

/** The schedule's input; `force` polls every enabled source now (used by `npm start -- --once`). */
const PlanInputSchema = z.looseObject({ force: z._default(z.boolean(), false) });

export function createHandler(platform: Platform) {
  const deps = { sources: sourcesFromEnv(platform), queue: ingestQueueFromEnv(platform) };
  return async (input: unknown): Promise<{ queued: string[] }> => {
    const { force } = PlanInputSchema.parse(input ?? {});
    const requests = await planIngest(deps, { force });
    logger.info('ingest planned', { queued: requests.map((r) => r.sourceId), force });
    return { queued: requests.map((r) => r.sourceId) };
  };
}

export const handler = lambdaHandler(createHandler);
