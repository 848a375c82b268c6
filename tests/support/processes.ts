import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { projectRoot } from './local-stack.js';

/**
 * A TCP port that was free a moment ago, chosen below the kernel's ephemeral range (32768 and up
 * on Linux): a port the kernel handed out for `listen(0)` could be handed again, to another test
 * file's server or an outgoing connection, before the service this port is for binds it (a run
 * saw "port … is already in use" so).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
    if (attempt >= 50) throw new Error('no free port between 20000 and 32000');
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export const tsxBin = `${projectRoot}node_modules/.bin/tsx`;

/** Runs `npm start`'s entry point to completion and returns its output. */
export function runBantin(args: string[], env: Record<string, string>) {
  return runScript('infra/local/main.ts', args, env);
}

/** Runs one of the project's TypeScript entry points to completion and returns its output. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsxBin, [script, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts the long-running service and resolves once it prints its address. */
export function startBantin(env: Record<string, string>): Promise<ChildProcess & { output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsxBin, ['infra/local/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // A hang guard: a loaded 2-core machine takes many times the usual few seconds.
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 180_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('Bantin is running at')) {
        clearTimeout(timer);
        resolve(Object.assign(child, { output: () => output }));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
