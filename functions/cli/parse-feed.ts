/**
 * `npm run cli -- parse-feed FILE_OR_URL [--url URL] [--time-zone ZONE]`: parses an RSS, Atom,
 * RDF or JSON feed and prints it as JSON on stdout. `--url` is the feed's address for resolving
 * relative links (default: the URL fetched, or the file's file:// URL).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIME_ZONE } from '../../shared/domain/time.js';
import { parseFeed } from '../../shared/ingest/feed-parser/parse-feed.js';
import { decodeBody } from '../../shared/ingest/fetch/decode.js';
import { fetchInput, inputFilePath, isHttpUrl, parseCommand, readInputFile, UsageError } from './input.js';

const USAGE = 'usage: npm run cli -- parse-feed FILE_OR_URL [--url URL] [--time-zone ZONE]\n';
const FEED_ACCEPT =
  'application/feed+json, application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const OPTIONS = { url: { type: 'string' }, 'time-zone': { type: 'string' } } as const;

export async function runParseFeed(args: string[]): Promise<number> {
  let input: string | undefined;
  try {
    const { inputs, options } = parseCommand(args, OPTIONS);
    const [first, ...extra] = inputs;
    if (!first || extra.length > 0) {
      process.stderr.write(USAGE);
      return 1;
    }
    input = first;
    const { bytes, url, contentType } = await load(input);
    const feed = parseFeed(decodeBody(bytes, contentType), {
      url: options.url ?? url,
      timeZone: options['time-zone'] ?? DEFAULT_TIME_ZONE,
    });
    process.stdout.write(`${JSON.stringify(feed, null, 2)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A fetch error already names its URL; a usage error is about the command line.
    const named = !input || error instanceof UsageError || message.startsWith(input);
    process.stderr.write(named ? `error: ${message}\n` : `${input}: error: ${message}\n`);
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
