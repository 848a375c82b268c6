/** The CLI's entry point: `npm run cli -- <command> …` (built into dist/cli.mjs; see scripts/cli.mjs). */
import { runCli } from './commands.js';

// A reader that stops early (`… | head`) closes the pipe: the output is no longer wanted, which
// is no error, and Node would otherwise throw from the next write.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
