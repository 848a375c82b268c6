/**
 * `npm run cli -- extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE]`:
 * prints the extracted article as JSON (one input) or JSON Lines in input order (several).
 * stdout carries only results; warnings and errors go to stderr.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeZoneSchema } from '../../shared/domain/time.js';
import { type ExtractedArticle, extractArticle } from '../../shared/ingest/extract/extract-article.js';
import { decodeBody } from '../../shared/ingest/fetch/decode.js';
import { fetchInput, notAnHtmlPage, parseCommand, readInputFile, UsageError } from './input.js';

const OPTIONS = {
  url: { type: 'string' },
  charset: { type: 'string' },
  'time-zone': { type: 'string' },
} as const;
const USAGE =
  'usage: npm run cli -- extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE]\n';

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
  options: { url?: string; charset?: string },
): Promise<{ html: string; url: string }> {
  if (/^https?:\/\//i.test(input)) {
    const resource = await fetchInput(input, 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5');
    const problem = notAnHtmlPage(resource.body, resource.contentType);
    if (problem) throw new Error(problem);
    return { html: decodeBody(resource.body, resource.contentType, options.charset), url: resource.url };
  }
  const body = readInputFile(input);
  const problem = notAnHtmlPage(body);
  if (problem) throw new Error(problem);
  return {
    html: decodeBody(body, undefined, options.charset),
    url: options.url ?? pathToFileURL(resolve(input)).href,
  };
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
      // An empty article is no result: a page with nothing to read is an error, not a success.
      if (!article.contentText.trim()) throw new Error('no article text found in the page');
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
