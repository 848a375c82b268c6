/**
 * fauxqs keeps its queues in memory; SQS keeps a message until it is deleted. So at stop the
 * messages of every queue and dead-letter queue (waiting, delayed, or received and not yet
 * deleted, which SQS would deliver again once their visibility timeout ends) are written to a
 * file of the data folder, and put back at the next start: stopping `npm start` while an
 * article's event waits for the alerts, a digest or a feed build loses none of them. What was
 * received comes back ready, as after its visibility timeout; its receive count is kept, so the
 * dead-letter rule still counts it. While the service runs, the file is also written again each
 * second the queues changed (keepQueuesWhileRunning), so a killed process loses at most its last
 * second of queue changes, not every message waiting (attack run 35: a SIGKILL lost the alerts and
 * webhook notifications of 15 articles stored just before, which SQS would have kept). What a
 * process received after the last write comes back too: delivered again, as SQS may.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A message as fauxqs stores it: the fields it reads back, the rest kept as they were. */
interface StoredMessage {
  messageId: string;
  body: string;
  delayUntil?: number;
  [field: string]: unknown;
}

interface StoredQueue {
  name: string;
  enqueue(message: StoredMessage): void;
  inspectMessages(): {
    ready: StoredMessage[];
    delayed: StoredMessage[];
    inflight: { message: StoredMessage }[];
  };
}

/** What this file uses of fauxqs's SQS store. */
export interface QueueStore {
  listQueues(): StoredQueue[];
  getQueueByName(name: string): StoredQueue | undefined;
}

const FILE = 'queues.json';

/** Writes the messages of every queue to `{dataDir}/queues.json`; how many it wrote. */
export function keepQueues(store: QueueStore, dataDir: string): number {
  const { json, count } = snapshot(store);
  writeSnapshot(dataDir, json);
  return count;
}

/** How often a running service writes its queues again, when they changed. */
export const KEEP_INTERVAL_MS = 1_000;

/**
 * Writes the queues again every `intervalMs` while they change, until `stop` (the final write
 * is keepQueues's, at a stop). Started once the kept messages are back: before, it would write
 * queues still empty over them.
 */
export function keepQueuesWhileRunning(
  store: QueueStore,
  dataDir: string,
  warn: (message: string) => void,
  intervalMs = KEEP_INTERVAL_MS,
): { stop(): void } {
  let last = snapshot(store).json;
  let failed = false;
  const timer = setInterval(() => {
    try {
      const { json } = snapshot(store);
      if (json === last) return;
      writeSnapshot(dataDir, json);
      last = json;
      failed = false;
    } catch (error) {
      // A full disk: said once, tried again at the next tick; the service goes on.
      if (!failed)
        warn(`the queues could not be kept in ${FILE}: ${error instanceof Error ? error.message : error}`);
      failed = true;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Every queue's messages (received and not yet deleted first), as the file keeps them. */
function snapshot(store: QueueStore): { json: string; count: number } {
  const kept: Record<string, StoredMessage[]> = {};
  let count = 0;
  for (const queue of store.listQueues()) {
    const { ready, delayed, inflight } = queue.inspectMessages();
    const messages = [...inflight.map((entry) => entry.message), ...ready, ...delayed];
    if (messages.length === 0) continue;
    kept[queue.name] = messages;
    count += messages.length;
  }
  return { json: count === 0 ? '' : JSON.stringify(kept), count };
}

function writeSnapshot(dataDir: string, json: string): void {
  const file = join(dataDir, FILE);
  if (json === '') {
    rmSync(file, { force: true });
    return;
  }
  // Written beside and renamed: a write cut short leaves the former file or the new one, whole.
  writeFileSync(`${file}.tmp`, json);
  renameSync(`${file}.tmp`, file);
}

/**
 * Puts back the messages kept at the last stop, into the queues of the same names (so once every
 * queue exists, before any consumer runs), then removes the file: each message is back once. An
 * unreadable file is set aside with a warning.
 */
export function restoreQueues(store: QueueStore, dataDir: string, warn: (message: string) => void): number {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return 0;
  let kept: Record<string, StoredMessage[]>;
  try {
    kept = JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredMessage[]>;
    if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) throw new Error('not an object');
  } catch (error) {
    renameSync(file, `${file}.unreadable`);
    warn(
      `${file} could not be read (${error instanceof Error ? error.message : error}); set aside as ${FILE}.unreadable`,
    );
    return 0;
  }
  let count = 0;
  for (const [name, messages] of Object.entries(kept)) {
    const queue = store.getQueueByName(name);
    const valid = Array.isArray(messages)
      ? messages.filter((m) => typeof m?.messageId === 'string' && typeof m.body === 'string')
      : [];
    if (!queue) {
      warn(`${valid.length} kept messages of queue ${name}, which no longer exists, were dropped`);
      continue;
    }
    for (const message of valid) queue.enqueue(message);
    count += valid.length;
  }
  rmSync(file);
  return count;
}
