/**
 * Readability.js 0.6 + jsdom as a command line, so the bench times it the way it times
 * `node scripts/cli.mjs extract`: `node bench/readability-cli.mjs FILE...` prints one JSON line
 * per page ({ title, textContent }). Plain JavaScript: no compiler adds to its start-up.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';

for (const file of process.argv.slice(2)) {
  const html = await readFile(file, 'utf8');
  // A console without listeners: jsdom's complaints about the pages' CSS are not results.
  const dom = new JSDOM(html, { url: pathToFileURL(file).href, virtualConsole: new VirtualConsole() });
  let article = null;
  try {
    article = new Readability(dom.window.document).parse();
  } catch {
    article = null;
  }
  process.stdout.write(
    `${JSON.stringify({ title: article?.title ?? '', textContent: article?.textContent ?? '' })}\n`,
  );
  dom.window.close();
  // jsdom frees a closed window only once the event loop turns.
  await new Promise((resolve) => setImmediate(resolve));
}
