/** The CLI's entry point: `npm run cli -- <command> …` (built into dist/cli.mjs; see scripts/cli.mjs). */
import { runCli } from './commands.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
