/**
 * `npm run cli -- extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE] [--jobs N]`:
 * prints the extracted article as JSON (one input) or JSON Lines in input order (several, extracted
 * in this thread and up to N - 1 worker threads: extract-workers.ts). stdout carries only results; warnings and errors
 * go to stderr.
 */
import { availableParallelism } from 'node:os';
import type { PageOptions, PageOutcome } from './extract-page.js';
import { extractInWorkers, workersAvailable } from './extract-workers.js';
import { parseCommand, UsageError, urlOptionProblem } from './input.js';

const OPTIONS = {
  url: { type: 'string' },
  charset: { type: 'string' },
  'time-zone': { type: 'string' },
  jobs: { type: 'string' },
} as const;
export const USAGE =
  'usage: npm run cli -- extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE] [--jobs N]\n';

const MAX_JOBS_PER_CORE = 4;

function usageError(message: string): number {
  process.stderr.write(`extract: ${message}\n`);
  return 2;
}

/** Prints one input's outcome: its warnings and error on stderr, its result line on stdout. */
function report(input: string, outcome: PageOutcome, single: boolean): void {
  for (const warning of outcome.warnings) process.stderr.write(`${input}: warning: ${warning}\n`);
  if (outcome.json !== undefined) {
    process.stdout.write(`${outcome.json}\n`);
    return;
  }
  const message = outcome.error ?? 'no result';
  // A fetch error already names its URL.
  process.stderr.write(message.startsWith(input) ? `error: ${message}\n` : `${input}: error: ${message}\n`);
  // Line N must still describe input N.
  if (!single) process.stdout.write(`${JSON.stringify({ input, error: message })}\n`);
}

export async function runExtract(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommand<typeof OPTIONS>>;
  try {
    parsed = parseCommand(args, OPTIONS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`extract: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { inputs, options } = parsed;
  if (inputs.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const timeZone = options['time-zone'];
  // Loaded only when a zone is given: the check brings zod, which extraction loads anyway.
  if (timeZone !== undefined) {
    const { timeZoneSchema } = await import('../../shared/domain/time.js');
    if (!timeZoneSchema.safeParse(timeZone).success) {
      return usageError(`--time-zone "${timeZone}" is not an IANA time zone`);
    }
  }
  if (options.charset !== undefined) {
    const { charsetFromLabel } = await import('../../shared/ingest/fetch/decode.js');
    if (!charsetFromLabel(options.charset)) {
      return usageError(
        `--charset "${options.charset}" is not a charset label Bantin reads (e.g. utf-8, windows-1258)`,
      );
    }
  }
  const urlProblem = urlOptionProblem(options.url);
  if (urlProblem) return usageError(urlProblem);
  if (options.url !== undefined && inputs.length > 1) {
    return usageError('--url names the page of a single input; it was given with several inputs');
  }
  const jobs = options.jobs === undefined ? availableParallelism() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    return usageError(`--jobs "${options.jobs}" is not a whole number of 1 or more`);
  }
  // Each thread holds its own extractor and page trees (tens of MB): past a few a core they only
  // share the same cores and take memory.
  const maxJobs = MAX_JOBS_PER_CORE * availableParallelism();
  if (jobs > maxJobs) {
    return usageError(`--jobs ${jobs} is more than this machine's ${maxJobs} (${MAX_JOBS_PER_CORE} a core)`);
  }
  const single = inputs.length === 1;
  const pageOptions: PageOptions = {
    url: options.url,
    charset: options.charset,
    timeZone,
    indent: single ? 2 : undefined,
  };
  let failed = 0;
  const print = (index: number, outcome: PageOutcome) => {
    if (outcome.json === undefined) failed++;
    report(inputs[index]!, outcome, single);
  };
  const { extractPage } = await import('./extract-page.js');
  if (single || jobs === 1 || !workersAvailable) {
    for (const [index, input] of inputs.entries()) print(index, await extractPage(input, pageOptions));
  } else {
    // This thread is the first lane. Workers: as many as asked with --jobs, at once; by default,
    // up to one a core, joining while cores sit idle and enough is left to pay their warm-up.
    const local = (input: string) => extractPage(input, pageOptions);
    const eager = options.jobs !== undefined;
    await extractInWorkers(inputs, pageOptions, print, { threads: jobs - 1, local, eager });
  }
  return failed > 0 ? 1 : 0;
}
