/**
 * Bantin's command line, `npm run cli -- <command> …`: the commands and their dispatch (main.ts
 * runs it; tests call runCli in-process). Results go to stdout as JSON; everything else
 * (progress, errors) goes to stderr.
 */

// Each command loads its own modules when it runs: `extract` starts without the AWS SDK or the CDK.
const commands: Record<string, (args: string[]) => Promise<number>> = {
  extract: async (args) => (await import('./extract.js')).runExtract(args),
  'parse-feed': async (args) => (await import('./parse-feed.js')).runParseFeed(args),
  sources: async (args) => (await import('./admin.js')).runSources(args),
  audit: async (args) => (await import('./admin.js')).runAudit(args),
  dlq: async (args) => (await import('./dlq.js')).runDlq(args),
};

const usage = `usage: npm run cli -- <command> [options]

commands:
  extract FILE_OR_URL... [--url URL] [--charset LABEL] [--time-zone ZONE] [--jobs N]
      extract the article from each page; one input prints one JSON object,
      several print JSON Lines in input order (extracted on up to N threads)
  parse-feed FILE_OR_URL [--url URL] [--time-zone ZONE]
      parse an RSS, Atom, RDF or JSON feed and print it as JSON
  sources list|get ID|add FILE.json|update FILE.json|preview FILE.json|enable ID|disable ID
          |ingest ID|reextract ID|delete ID
      administer sources through the admin API (BANTIN_API_URL, BANTIN_ADMIN_TOKEN);
      "npm run cli -- sources" lists the options
  audit [--target source:ID] [--limit N]
      the administrators' changes, newest first
  dlq list [QUEUE] [--limit N] | redrive QUEUE [--limit N]   [--stack NAME]
      dead-letter queues: depths, the dead letters of a queue, send them back to it
`;

/** Runs one command line (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    // Help asked for is the answer (stdout, for a pager or grep); help after a mistake is an error.
    if (name === '--help' || name === '-h') {
      process.stdout.write(usage);
      return 0;
    }
    process.stderr.write(name ? `unknown command: ${name}\n\n${usage}` : usage);
    return 2;
  }
  return command(rest);
}
