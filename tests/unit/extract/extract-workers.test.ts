/**
 * The worker pool of `extract` with several inputs, driven by stand-in workers (plain JavaScript
 * threads that speak the pool's protocol: the real ones run the built CLI, see tests/e2e/cli.test.ts).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { PageOutcome } from '../../../functions/cli/extract-page.js';
import { extractInWorkers, idleCoresProbe } from '../../../functions/cli/extract-workers.js';

/** Answers "name:ms" after ms milliseconds, exits on "crash", throws on "throw". */
const STAND_IN = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ index, input }) => {
  if (input === 'crash') process.exit(3);
  if (input === 'throw') throw new Error('the worker broke');
  const ms = Number(input.split(':')[1] ?? 0);
  setTimeout(() => parentPort.postMessage({ index, outcome: { warnings: ['w ' + input], json: JSON.stringify({ input }) } }), ms);
});
`;

async function run(
  inputs: string[],
  threads: number,
  idle: number,
  local?: (input: string) => Promise<PageOutcome>,
  workerPaybackMs?: number,
) {
  const reported: { index: number; outcome: PageOutcome }[] = [];
  let started = 0;
  await extractInWorkers(inputs, {}, (index, outcome) => reported.push({ index, outcome }), {
    threads,
    local,
    workerPaybackMs,
    idleCores: () => idle,
    startWorker: () => {
      started++;
      return new Worker(STAND_IN, { eval: true });
    },
  });
  return { reported, started };
}

describe('extractInWorkers', () => {
  it('reports every outcome once, in input order, though later inputs finish first', async () => {
    const inputs = ['a:300', 'b:0', 'c:150', 'd:0', 'e:0', 'f:50'];
    const { reported, started } = await run(inputs, 3, 8);
    expect(started).toBe(3);
    expect(reported.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reported.map((r) => JSON.parse(r.outcome.json!).input)).toEqual(inputs);
    expect(reported[2]!.outcome.warnings).toEqual(['w c:150']);
  });

  it('starts one worker only while no core is idle', async () => {
    const { reported, started } = await run(['a:100', 'b:100', 'c:100', 'd:100'], 4, 0.5);
    expect(started).toBe(1);
    expect(reported).toHaveLength(4);
  });

  it('loses only the input a worker died on, and goes on with a new worker', async () => {
    const inputs = ['a:0', 'crash', 'b:0', 'throw', 'c:0'];
    const { reported, started } = await run(inputs, 1, 0);
    expect(started).toBe(3);
    expect(reported.map((r) => r.outcome.json && JSON.parse(r.outcome.json).input)).toEqual([
      'a:0',
      undefined,
      'b:0',
      undefined,
      'c:0',
    ]);
    expect(reported[1]!.outcome.error).toBe('extraction stopped: the worker exited with code 3');
    expect(reported[3]!.outcome.error).toBe('extraction stopped: the worker broke');
  });

  it('extracts in this thread first, and starts workers only while cores sit idle and enough is left', async () => {
    const inThisThread: string[] = [];
    const local = async (input: string) => {
      inThisThread.push(input);
      if (input === 'bad') throw new Error('unreadable');
      await new Promise((resolve) => setTimeout(resolve, 60));
      return { warnings: [], json: JSON.stringify({ input }) };
    };
    const inputs = ['a:0', 'bad', 'b:0', 'c:0', 'd:0', 'e:0', 'f:0', 'g:0', 'h:0', 'i:0'];
    const busy = await run(inputs, 1, 0.5, local);
    expect(busy.started).toBe(0);
    expect(inThisThread).toEqual(inputs);
    expect(busy.reported.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
    expect(busy.reported[1]!.outcome.error).toBe('unreadable');

    // Idle cores, but the inputs left are less work than a worker's warm-up: no worker.
    inThisThread.length = 0;
    const short = await run(inputs, 1, 2, local, 60_000);
    expect(short.started).toBe(0);
    expect(inThisThread).toEqual(inputs);

    inThisThread.length = 0;
    const idle = await run(inputs, 1, 2, local, 100);
    expect(idle.started).toBe(1);
    expect(inThisThread.length).toBeGreaterThan(0);
    expect(inThisThread.length).toBeLessThan(inputs.length);
    expect(idle.reported.map((r) => r.outcome.json && JSON.parse(r.outcome.json).input)).toEqual(
      inputs.map((input) => (input === 'bad' ? undefined : input)),
    );
  });

  it('starts every worker at once when asked to, beside this thread', async () => {
    const reported: number[] = [];
    let started = 0;
    const local = async (input: string) => ({ warnings: [], json: JSON.stringify({ input }) });
    await extractInWorkers(['a:50', 'b:50', 'c:50', 'd:50', 'e:50'], {}, (index) => reported.push(index), {
      threads: 2,
      local,
      eager: true,
      idleCores: () => 0,
      startWorker: () => {
        started++;
        return new Worker(STAND_IN, { eval: true });
      },
    });
    expect(started).toBe(2);
    expect(reported).toEqual([0, 1, 2, 3, 4]);
  });

  it('reports nothing for no inputs', async () => {
    expect(await run([], 2, 8)).toEqual({ reported: [], started: 0 });
  });
});

describe('idleCoresProbe', () => {
  it('measures between 0 and the number of cores', async () => {
    const probe = idleCoresProbe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const idle = probe();
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual((await import('node:os')).cpus().length);
  });
});
