import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A local stack on random ports over a fresh data folder; `port` is where links and feeds say it is. */
export async function startTestStack(port = 8787): Promise<LocalStack & { dataDir: string }> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-test-'));
  const stack = await startLocalStack({
    projectRoot,
    dataDir,
    port,
    samplePort: 0,
    retryDelaySeconds: 0,
  });
  return Object.assign(stack, { dataDir });
}
