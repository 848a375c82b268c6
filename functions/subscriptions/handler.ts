/** HTTP API, public routes: the subscription pages and API (routes.ts). */
import { answer, type HttpEvent, type HttpResult, headless } from '../http.js';
import {
  apiBaseUrlFromEnv,
  clippingsFromEnv,
  deliveriesFromEnv,
  signerFromEnv,
  subscribersFromEnv,
} from '../mail-wiring.js';
import { lambdaHandler, onFirstCall, type Platform } from '../platform.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';
import { createRoutes, route } from './routes.js';

const logger = createLogger('subscriptions');

export function createHandler(platform: Platform) {
  const routes = createRoutes({
    sources: sourcesFromEnv(platform),
    subscribers: subscribersFromEnv(platform),
    deliveries: deliveriesFromEnv(platform),
    clippings: clippingsFromEnv(platform),
    // Only a subscribe request queues (its mail is sent by register-signup): unsubscribes,
    // confirmations and pages load no SQS client.
    signups: onFirstCall(async () => (await import('../queue-wiring.js')).signupQueueFromEnv(platform)),
    signer: signerFromEnv(platform),
    apiBaseUrl: apiBaseUrlFromEnv(platform),
    onUnsubscribe: (how, outcome) => logger.info('unsubscribed', { how, outcome }),
  });
  return async (event: HttpEvent): Promise<HttpResult> =>
    headless(
      event,
      await answer(
        () => route(routes, event),
        (error) =>
          logger.error('subscriptions request failed', { path: event.rawPath, error: error as Error }),
      ),
    );
}

export const handler = lambdaHandler(createHandler);
