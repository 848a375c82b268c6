/**
 * `npm run cli -- extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE]`:
 * prints the extracted article as JSON (one input) or JSON Lines in input order (several).
 * stdout carries only results; warnings and errors go to stderr.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeZoneSchema } from '../../shared/domain/time.js';
import { type ExtractedArticle, extractArticle } from '../../shared/ingest/extract/extract-article.js';
import { decodeBody } from '../../shared/ingest/fetch/decode.js';
import { parseArgs } from './args.js';

const OPTIONS = ['url', 'charset', 'time-zone'] as const;

/** The fields the command prints, in this order. */
function publicView(article: ExtractedArticle) {
  return {
    title: article.title,
    url: article.canonicalUrl,
    publishedAt: article.publishedAt,
    author: article.author,
    summary: article.summary,
    contentHtml: article.contentHtml,
    contentText: article.contentText,
    images: article.images,
    attribution: article.attribution,
    language: article.language,
  };
}

async function readInput(
  input: string,
  options: Record<string, string>,
): Promise<{ html: string; url: string }> {
  if (/^https?:\/\//i.test(input)) {
    // The HTTP client loads only for URL inputs: pages read from disk start faster without it.
    const { fetchResource } = await import('../../shared/ingest/fetch/fetcher.js');
    const resource = await fetchResource(input, { allowLoopback: process.env.BANTIN_ALLOW_LOOPBACK === '1' });
    return { html: decodeBody(resource.body, resource.contentType, options.charset), url: resource.url };
  }
  // One file at a time, so a synchronous read: no wait for the event loop between pages.
  const body = readFileSync(input);
  return {
    html: decodeBody(body, undefined, options.charset),
    url: options.url ?? pathToFileURL(resolve(input)).href,
  };
}

export async function runExtract(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args, OPTIONS);
  } catch (error) {
    process.stderr.write(`extract: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const { inputs, options } = parsed;
  if (inputs.length === 0) {
    process.stderr.write(
      'usage: npm run cli -- extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE]\n',
    );
    return 2;
  }
  const timeZone = options['time-zone'];
  if (timeZone !== undefined && !timeZoneSchema.safeParse(timeZone).success) {
    process.stderr.write(`extract: --time-zone "${timeZone}" is not an IANA time zone\n`);
    return 2;
  }
  if (options.url !== undefined && inputs.length > 1) {
    process.stderr.write(
      'extract: --url names the page of a single input; it was given with several inputs\n',
    );
    return 2;
  }
  const single = inputs.length === 1;
  let failed = 0;
  for (const input of inputs) {
    try {
      const { html, url } = await readInput(input, options);
      const { article, warnings } = extractArticle(html, { url, timeZone });
      for (const warning of warnings) process.stderr.write(`${input}: warning: ${warning}\n`);
      const view = publicView(article);
      process.stdout.write(single ? `${JSON.stringify(view, null, 2)}\n` : `${JSON.stringify(view)}\n`);
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      // A fetch error already names its URL.
      process.stderr.write(
        message.startsWith(input) ? `error: ${message}\n` : `${input}: error: ${message}\n`,
      );
      // Line N must still describe input N.
      if (!single) process.stdout.write(`${JSON.stringify({ input, error: message })}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
