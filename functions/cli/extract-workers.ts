/**
 * `extract` with several inputs, in lanes: the command's own thread (when given `local`) and
 * worker threads. Each lane takes the next input when it is done with one, and the outcomes are
 * reported in input order. The first lane starts at once; workers start only while cores sit
 * idle, up to the limit: a thread on a busy machine only adds its start-up (a fresh V8 isolate
 * compiles and warms up the extractor anew) to the work, for no share of CPU. The command's own
 * thread goes first, because a worker's start-up is a tenth of extracting 181 pages, and a worker
 * joins it only when the inputs left would outlast a worker's warm-up (WORKER_PAYBACK_MS).
 * This module is also the workers' entry: started as one, it serves extract-page.ts.
 */
import { cpus } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { PageOptions, PageOutcome } from './extract-page.js';

interface WorkerData {
  role: 'bantin-extract';
  options: PageOptions;
}
/** Coordinator → worker: extract this input. */
export interface Request {
  index: number;
  input: string;
}
/** Worker → coordinator: the outcome of a Request. */
export interface Reply {
  index: number;
  outcome: PageOutcome;
}

const ROLE: WorkerData['role'] = 'bantin-extract';
/** How often the coordinator looks for idle cores to start another worker on. */
const IDLE_CHECK_MS = 200;
/**
 * A new worker spends about a second compiling and warming up the extractor (measured on the
 * benchmark's 181 pages: its first pass runs about 5 ms a page slower than the next): it is
 * worth starting only when the inputs left would keep this thread busy for longer than that.
 */
const WORKER_PAYBACK_MS = 2000;

/** Starts a worker that answers each Request with its Reply. */
export type StartWorker = (options: PageOptions) => Worker;

/** A worker thread running this module. */
export const startExtractWorker: StartWorker = (options) =>
  new Worker(new URL(import.meta.url), { workerData: { role: ROLE, options } satisfies WorkerData });

/**
 * Whether workers can run this module: the built CLI is JavaScript, but from the TypeScript sources
 * (tsx, the tests) a worker thread could not load it, and the inputs are extracted in one thread.
 */
export const workersAvailable = !import.meta.url.endsWith('.ts');

/** A probe of the cores that sat idle (machine-wide) between one call and the next. */
export function idleCoresProbe(): () => number {
  const sample = () => {
    const all = cpus();
    let idle = 0;
    let total = 0;
    for (const { times } of all) {
      idle += times.idle;
      total += times.user + times.nice + times.sys + times.idle + times.irq;
    }
    return { idle, total, cores: all.length };
  };
  let last = sample();
  return () => {
    const now = sample();
    const total = now.total - last.total;
    const idle = total > 0 ? ((now.idle - last.idle) / total) * now.cores : 0;
    last = now;
    return idle;
  };
}

export interface WorkerLimits {
  /** Workers at most (besides the local lane). */
  threads: number;
  /** Extracts an input in this thread: the first lane, before any worker starts. */
  local?: (input: string) => Promise<PageOutcome>;
  /** With `local`: start a worker only when the inputs left would take this thread longer (ms). */
  workerPaybackMs?: number;
  /** Start every worker at once (the user asked for that many threads), not as cores sit idle. */
  eager?: boolean;
  startWorker?: StartWorker;
  /** Idle cores since the last call (idleCoresProbe). */
  idleCores?: () => number;
}

/**
 * Extracts the inputs in worker threads; `report` gets each outcome in input order, as soon as
 * those before it are in. A worker that dies fails only the input it was on; a new one takes its
 * place while inputs are left.
 */
export async function extractInWorkers(
  inputs: readonly string[],
  options: PageOptions,
  report: (index: number, outcome: PageOutcome) => void,
  {
    threads,
    local,
    workerPaybackMs = WORKER_PAYBACK_MS,
    eager = false,
    startWorker = startExtractWorker,
    idleCores = idleCoresProbe(),
  }: WorkerLimits,
): Promise<void> {
  const outcomes: (PageOutcome | undefined)[] = new Array(inputs.length);
  let reported = 0;
  let nextInput = 0;
  const running = new Set<Worker>();
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const settle = (index: number, outcome: PageOutcome) => {
    outcomes[index] = outcome;
    while (reported < inputs.length && outcomes[reported]) {
      report(reported, outcomes[reported]!);
      outcomes[reported] = undefined; // printed: its JSON can be collected
      reported++;
    }
    if (reported === inputs.length) finish();
  };

  const start = () => {
    const worker = startWorker(options);
    running.add(worker);
    let current: number | undefined;
    const feed = () => {
      if (nextInput < inputs.length) {
        current = nextInput++;
        worker.postMessage({ index: current, input: inputs[current]! } satisfies Request);
      } else {
        current = undefined;
        running.delete(worker);
        void worker.terminate();
      }
    };
    worker.on('message', ({ index, outcome }: Reply) => {
      settle(index, outcome);
      feed();
    });
    const died = (reason: string) => {
      if (!running.delete(worker)) return; // done already, or 'exit' after 'error'
      if (current !== undefined) settle(current, { warnings: [], error: `extraction stopped: ${reason}` });
      if (nextInput < inputs.length) start();
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`the worker exited with code ${code}`));
    feed();
  };

  /** This thread's inputs done and the time they took, for the time the rest would take it. */
  const localPace = { done: 0, ms: 0 };
  const more = () => {
    const left = inputs.length - nextInput;
    const room = Math.min(threads - running.size, left);
    if (room <= 0) return;
    if (local && (localPace.done === 0 || (left * localPace.ms) / localPace.done < workerPaybackMs)) return;
    // Three quarters of a core idle counts as one: the sample is coarse.
    for (let n = Math.min(room, Math.floor(idleCores() + 0.25)); n > 0; n--) start();
  };

  /** The lane of this thread: one input after another, letting the workers' replies in between. */
  const runLocal = async (extract: (input: string) => Promise<PageOutcome>) => {
    while (nextInput < inputs.length) {
      const index = nextInput++;
      const started = performance.now();
      let outcome: PageOutcome;
      try {
        outcome = await extract(inputs[index]!);
      } catch (error) {
        outcome = { warnings: [], error: error instanceof Error ? error.message : String(error) };
      }
      localPace.done++;
      localPace.ms += performance.now() - started;
      settle(index, outcome);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  if (inputs.length === 0) return;
  if (local) void runLocal(local);
  // Workers at once: as many as asked for; else one, unless this thread is a lane already.
  const atOnce = eager ? threads : local ? 0 : 1;
  for (let n = atOnce; n > 0 && nextInput < inputs.length; n--) start();
  const timer = setInterval(more, IDLE_CHECK_MS);
  try {
    await finished;
  } finally {
    clearInterval(timer);
    await Promise.all([...running].map((worker) => worker.terminate()));
  }
}

/** A worker's side: each Request is extracted here and answered. */
function serve(port: NonNullable<typeof parentPort>, options: PageOptions): void {
  // Loaded once per worker, on its first request.
  const page = import('./extract-page.js');
  port.on('message', async ({ index, input }: Request) => {
    const outcome = await (await page).extractPage(input, options);
    port.postMessage({ index, outcome } satisfies Reply);
  });
}

if (!isMainThread && parentPort && (workerData as WorkerData | undefined)?.role === ROLE) {
  serve(parentPort, (workerData as WorkerData).options);
}
