/**
 * Bantin's command line, `npm run cli -- <command> …`: the commands and their dispatch (main.ts
 * runs it; tests call runCli in-process). Results go to stdout as JSON; everything else
 * (progress, errors) goes to stderr.
 */

interface Command {
  run(args: string[]): Promise<number>;
  usage(): Promise<string>;
}

// Each command loads its own modules when it runs: `extract` starts without the AWS SDK or the CDK.
const commands: Record<string, Command> = {
  extract: {
    run: async (args) => (await import('./extract.js')).runExtract(args),
    usage: async () => (await import('./extract.js')).USAGE,
  },
  'parse-feed': {
    run: async (args) => (await import('./parse-feed.js')).runParseFeed(args),
    usage: async () => (await import('./parse-feed.js')).USAGE,
  },
  sources: {
    run: async (args) => (await import('./admin.js')).runSources(args),
    usage: async () => (await import('./admin.js')).SOURCES_USAGE,
  },
  articles: {
    run: async (args) => (await import('./admin.js')).runArticles(args),
    usage: async () => (await import('./admin.js')).ARTICLES_USAGE,
  },
  audit: {
    run: async (args) => (await import('./admin.js')).runAudit(args),
    usage: async () => (await import('./admin.js')).AUDIT_USAGE,
  },
  dlq: {
    run: async (args) => (await import('./dlq.js')).runDlq(args),
    usage: async () => (await import('./dlq.js')).USAGE,
  },
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
      "npm run cli -- sources --help" lists the options
  articles withdraw|restore ARTICLE --reason TEXT
      take an article down (its id, feed GUID or address): out of every feed and archive page;
      restore undoes it
  audit [--target source:ID|article:ID|subscriber:ID|webhook:ID] [--limit N] [--before ENTRY_ID]
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
  // `--help` or `-h` among a command's options (not after `--`, where it is an input): its usage.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    process.stdout.write(await command.usage());
    return 0;
  }
  return command.run(rest);
}
