/** The CLI run in-process, as `npm run cli -- …` runs it, with its output captured. */
import { vi } from 'vitest';
import { runCli } from '../../functions/cli/commands.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command line with these environment variables set for its duration (undefined: unset). */
export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write);
  setEnv(env);
  try {
    return { code: await runCli(args), stdout, stderr };
  } finally {
    setEnv(saved);
    out.mockRestore();
    err.mockRestore();
  }
}
