/**
 * `npm run cli -- parse-feed FILE_OR_URL [--url URL] [--time-zone ZONE]`: parses an RSS, Atom,
 * RDF or JSON feed and prints it as JSON on stdout. `--url` is the feed's address for resolving
 * relative links (default: the URL fetched, or the file's file:// URL).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from '../../shared/domain/time.js';
import { parseFeed } from '../../shared/ingest/feed-parser/parse-feed.js';
import { decodeBody } from '../../shared/ingest/fetch/decode.js';
import {
  fetchInput,
  inputFilePath,
  isHttpUrl,
  parseCommand,
  readInputFile,
  UsageError,
  urlOptionProblem,
} from './input.js';

export const USAGE = 'usage: npm run cli -- parse-feed FILE_OR_URL [--url URL] [--time-zone ZONE]\n';
const FEED_ACCEPT =
  'application/feed+json, application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const OPTIONS = { url: { type: 'string' }, 'time-zone': { type: 'string' } } as const;

/** Exit codes as `extract`'s: 0 parsed, 1 the input could not be read or parsed, 2 a command-line mistake. */
export async function runParseFeed(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommand<typeof OPTIONS>>;
  try {
    parsed = parseCommand(args, OPTIONS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`parse-feed: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { inputs, options } = parsed;
  const [input, ...extra] = inputs;
  if (!input || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const urlProblem = urlOptionProblem(options.url);
  if (urlProblem) {
    process.stderr.write(`parse-feed: ${urlProblem}\n`);
    return 2;
  }
  const timeZone = options['time-zone'] ?? DEFAULT_TIME_ZONE;
  if (!timeZoneSchema.safeParse(timeZone).success) {
    process.stderr.write(`parse-feed: --time-zone "${timeZone}" is not an IANA time zone\n`);
    return 2;
  }
  try {
    const { bytes, url, contentType } = await load(input);
    const feed = parseFeed(decodeBody(bytes, contentType), { url: options.url ?? url, timeZone });
    process.stdout.write(`${JSON.stringify(feed, null, 2)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A fetch error already names its URL.
    process.stderr.write(message.startsWith(input) ? `error: ${message}\n` : `${input}: error: ${message}\n`);
    return 1;
  }
}

async function load(input: string): Promise<{ bytes: Uint8Array; url: string; contentType?: string }> {
  if (isHttpUrl(input)) {
    const resource = await fetchInput(input, FEED_ACCEPT);
    return { bytes: resource.body, url: resource.url, contentType: resource.contentType };
  }
  const path = inputFilePath(input);
  return { bytes: readInputFile(path), url: pathToFileURL(resolve(path)).href };
}
