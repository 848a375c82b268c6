/**
 * What the CLI's commands share about their inputs: a file or a URL, read with errors a user can
 * act on (the path, the reason; the variable that lets loopback through), and the command line
 * itself, parsed by node:util parseArgs.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { FetchedResource } from '../../shared/ingest/fetch/fetcher.js';
import { notAPage } from '../../shared/ingest/fetch/page-kind.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A mistake in the command line: the command prints it with its usage. */
export class UsageError extends Error {}

/** A `--limit`-like option: a whole number from 1 (a mistake exits 2 before any request), else `fallback`. */
export function wholeNumberOption<F extends number | undefined>(
  name: string,
  value: string | undefined,
  fallback: F,
  max = Number.POSITIVE_INFINITY,
): number | F {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(
      `--${name} must be a whole number from 1${Number.isFinite(max) ? ` to ${max}` : ''}, not "${value}"`,
    );
  return n;
}

/**
 * The positional inputs and the options (`--name value`, `--name=value`, `--flag`); an unknown
 * option, or one without its value, is a UsageError naming the known ones.
 */
export function parseCommand<const O extends OptionsConfig>(args: string[], options: O) {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { inputs: positionals, options: values };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^' ]*)/.exec(error instanceof Error ? error.message : '')?.[1] ?? '';
    const known = Object.entries(options as OptionsConfig)
      .map(([name, { type }]) => (type === 'string' ? `--${name} VALUE` : `--${name}`))
      .join(', ');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown option ${option} (known: ${known || 'none'})`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // "--jobs -1": a value that starts with "-" reads as another option.
      throw new UsageError(
        `option ${option} needs a value (one that starts with "-" is written ${option}=VALUE)`,
      );
    }
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The largest page file read: five times what ingest fetches (10 MB), for pages saved with their
 * pictures inline. A larger one is refused before it is read: its tree could exhaust the heap of
 * the thread that extracts it, and that thread also extracts the other inputs.
 */
export const MAX_INPUT_FILE_BYTES = 50 * 1024 * 1024;

/**
 * The file an input names that is not an http(s) URL: a path, or a `file:` URL (as a browser's
 * address bar or `pathToFileURL` writes it). Another scheme is refused by name rather than
 * looked for as a file.
 */
export function inputFilePath(input: string): string {
  if (/^file:/i.test(input)) {
    try {
      return fileURLToPath(input);
    } catch (error) {
      throw new Error(`not a local file URL: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const scheme = /^([a-z][a-z\d+.-]*):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (scheme !== undefined) throw new Error(`${scheme}: URLs are not read (http, https, file, or a path)`);
  return input;
}

/** An input the commands fetch rather than read from disk. */
export const isHttpUrl = (input: string) => /^https?:\/\//i.test(input);

/**
 * Why `--url` cannot be the address of the input: links and pictures are resolved against it, so
 * it must be an absolute http(s) or file URL. Undefined when it can.
 */
export function urlOptionProblem(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const parsed = URL.parse(url);
  if (parsed && /^(https?|file):$/.test(parsed.protocol) && (parsed.protocol === 'file:' || parsed.host)) {
    return undefined;
  }
  return `--url "${url}" is not an absolute http(s) or file URL (the address links in the input are resolved against)`;
}

/** Reads a file named on the command line; the error says what is wrong with it, its code kept for scripts. */
export function readInputFile(path: string): Buffer {
  return withInputFile(path, (bytes) => Buffer.from(bytes));
}

/** The buffer withInputFile reads into, kept from file to file. */
let scratch = Buffer.allocUnsafeSlow(0);

/**
 * Calls `use` with a file's bytes, read into a buffer kept from one file to the next: the bytes
 * are valid during the call only. Reading 181 pages into fresh buffers took 140-190 ms here,
 * 30 ms into one: each new buffer's memory is mapped page by page.
 */
export function withInputFile<T>(path: string, use: (bytes: Buffer) => T): T {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd);
    checkInputFileSize(stats.size);
    // A pipe, a device or a file of /proc says no size: read to its end, held to the limit as it comes.
    if (!stats.isFile() || stats.size === 0) {
      bytes = readToEnd(fd);
    } else {
      if (scratch.length < stats.size)
        scratch = Buffer.allocUnsafeSlow(Math.max(stats.size, 2 * scratch.length));
      let length = 0;
      while (length < stats.size) {
        const read = readSync(fd, scratch, length, stats.size - length, length);
        if (read === 0) break; // it shrank meanwhile
        length += read;
      }
      bytes = scratch.subarray(0, length);
    }
  } catch (error) {
    throw inputFileError(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return use(bytes);
}

/** Reads what has no size (`/dev/zero` has no end) a MiB at a time, refusing it once past the limit. */
function readToEnd(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    checkInputFileSize(total);
    chunks.push(chunk.subarray(0, read));
  }
}

function checkInputFileSize(size: number): void {
  if (size > MAX_INPUT_FILE_BYTES) {
    throw new Error(
      `${(size / 1024 / 1024).toFixed(0)} MB, more than the ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MB a page may be`,
    );
  }
}

function inputFileError(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = FILE_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
  return new Error(`${reason}${code && FILE_ERRORS[code] ? ` (${code})` : ''}`);
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

/** Fetches a URL named on the command line; a refused loopback address names the variable that allows it. */
export async function fetchInput(url: string, accept?: string): Promise<FetchedResource> {
  // The HTTP client loads only for URL inputs: pages read from disk start faster without it.
  const { FetchError, fetchResource } = await import('../../shared/ingest/fetch/fetcher.js');
  try {
    return await fetchResource(url, {
      allowLoopback: process.env.BANTIN_ALLOW_LOOPBACK === '1',
      ...(accept ? { accept } : {}),
    });
  } catch (error) {
    if (error instanceof FetchError && /loopback/.test(error.message)) {
      throw new Error(
        `${error.message} (set BANTIN_ALLOW_LOOPBACK=1 to fetch from this machine, e.g. the sample newspaper)`,
      );
    }
    throw error;
  }
}

/** Why these bytes are not an HTML page (a feed, binary data, plain text), pointing feeds to parse-feed. */
export function notAnHtmlPage(bytes: Uint8Array, contentType?: string): string | undefined {
  const problem = notAPage(bytes, contentType);
  return problem && / a feed or JSON/.test(problem) ? `${problem}: read feeds with parse-feed` : problem;
}
