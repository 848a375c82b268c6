/** Scheduled: queues one ingest request per source that is due for a poll. */
import * as z from 'zod';
import { planIngest } from '../../shared/ingest/plan-ingest.js';
import { ingestQueueFromEnv } from '../queue-wiring.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('plan-ingest');
const deps = { sources: sourcesFromEnv(), queue: ingestQueueFromEnv() };

/** The schedule's input; `force` polls every enabled source now (used by `npm start -- --once`). */
const PlanInputSchema = z.object({ force: z.boolean().default(false) }).loose();

export async function handler(input: unknown): Promise<{ queued: string[] }> {
  const { force } = PlanInputSchema.parse(input ?? {});
  const requests = await planIngest(deps, { force });
  logger.info('ingest planned', { queued: requests.map((r) => r.sourceId), force });
  return { queued: requests.map((r) => r.sourceId) };
}
