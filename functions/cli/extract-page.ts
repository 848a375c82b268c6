/**
 * One input of `npm run cli -- extract`, a file or a URL, read and extracted into what the command
 * prints: the article as JSON, or the reason it failed, with the extractor's warnings. Runs in the
 * CLI's thread or in a worker thread (extract-workers.ts): it prints nothing itself.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ExtractedArticle, extractArticle } from '../../shared/ingest/extract/extract-article.js';
import { decodeBodyPieces } from '../../shared/ingest/fetch/decode.js';
import { fetchInput, inputFilePath, isHttpUrl, notAnHtmlPage, withInputFile } from './input.js';

export interface PageOptions {
  /** The page's URL, for a single file input. */
  url?: string;
  charset?: string;
  timeZone?: string;
  /** Spaces of indentation of the JSON; none: one line (JSON Lines). */
  indent?: number;
}

/** What one input gives: its article as JSON text, or the error message; warnings either way. */
export interface PageOutcome {
  warnings: string[];
  json?: string;
  error?: string;
}

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

async function readInput(input: string, options: PageOptions): Promise<{ html: string[]; url: string }> {
  if (isHttpUrl(input)) {
    const resource = await fetchInput(input, 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5');
    const problem = notAnHtmlPage(resource.body, resource.contentType);
    if (problem) throw new Error(problem);
    return {
      html: decodeBodyPieces(resource.body, resource.contentType, options.charset),
      url: resource.url,
    };
  }
  const path = inputFilePath(input);
  const html = withInputFile(path, (body) => {
    const problem = notAnHtmlPage(body);
    if (problem) throw new Error(problem);
    return decodeBodyPieces(body, undefined, options.charset);
  });
  return { html, url: options.url ?? pathToFileURL(resolve(path)).href };
}

export async function extractPage(input: string, options: PageOptions): Promise<PageOutcome> {
  const warnings: string[] = [];
  try {
    const { html, url } = await readInput(input, options);
    const result = extractArticle(html, { url, timeZone: options.timeZone });
    warnings.push(...result.warnings);
    // An empty article is no result: a page with nothing to read is an error, not a success.
    if (!result.article.contentText.trim()) throw new Error('no article text found in the page');
    return { warnings, json: JSON.stringify(publicView(result.article), null, options.indent) };
  } catch (error) {
    return { warnings, error: error instanceof Error ? error.message : String(error) };
  }
}
