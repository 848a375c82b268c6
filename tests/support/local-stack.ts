import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalHttpServer, startHttpServer } from '../../infra/local/http-server.js';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A local stack on random ports over a fresh data folder; `port` is where links and feeds say it is. */
export async function startTestStack(
  port = 8787,
  options: Pick<
    Parameters<typeof startLocalStack>[0],
    'websubHub' | 'publicUrl' | 'webhookRetryDelaysMs'
  > = {},
): Promise<LocalStack & { dataDir: string }> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-test-'));
  const stack = await startLocalStack({
    projectRoot,
    dataDir,
    port,
    samplePort: 0,
    retryDelaySeconds: 0,
    // A receiver's failures are given up on within a second, not SNS's 35 minutes.
    webhookRetryDelaysMs: [100, 500],
    ...options,
  });
  return Object.assign(stack, { dataDir });
}

/** The local HTTP server over a test stack, serving all it has (API, feeds, outbox, webhooks) as `npm start` does. */
export function serveTestStack(
  stack: LocalStack,
  options: Partial<Parameters<typeof startHttpServer>[0]> = {},
): Promise<LocalHttpServer> {
  return startHttpServer({
    port: 0,
    s3: stack.aws.clients.s3,
    bucket: stack.aws.bucket,
    sources: stack.sources,
    api: stack.api,
    outboxDir: stack.outboxDir,
    webhooks: stack.webhooks,
    ...options,
  });
}
