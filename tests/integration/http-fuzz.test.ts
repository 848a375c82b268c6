/**
 * Malformed traffic against the local server (raw TCP, so request lines can be truly broken)
 * and against the HTTP handlers, called with API Gateway payload 2.0 events as API Gateway
 * calls them. Bounded in count, seeded (a failure replays): no request may stop the process,
 * none may get an answer of 500 or above, and the service answers normally afterwards.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { type FunctionName, type FunctionSpec, type HttpRoute, topology } from '../../infra/topology.js';
import { exchange, gatewayEvents, type RawCase, rawCases } from '../support/http-fuzz.js';
import { serveTestStack, startTestStack } from '../support/local-stack.js';

const SEED = 20_260_901;
const RAW_CASES_PER_KIND = 450; // 5 kinds: 2,250 requests
const SAMPLE_CASES_PER_KIND = 100;
const EVENTS = 2_100;
const CONCURRENCY = 4;
const HANG_GUARD_MS = 600_000; // a bound against a hung run on a loaded machine, not a speed target

let stack: LocalStack & { dataDir: string };
let http: { url: string; stop(): Promise<void> };
let port: number;
const crashes: unknown[] = [];
const recordCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  stack = await startTestStack();
  http = await serveTestStack(stack);
  port = Number(new URL(http.url).port);
  process.on('uncaughtException', recordCrash);
  process.on('unhandledRejection', recordCrash);
});

afterAll(async () => {
  process.off('uncaughtException', recordCrash);
  process.off('unhandledRejection', recordCrash);
  await http?.stop();
  await stack?.stop();
});

/** Runs `work` over `items`, a few at a time. */
async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function expectServiceAnswers(): Promise<void> {
  expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${http.url}/subscribe`)).status).toBe(200);
  expect((await fetch(`${http.url}/feeds/all.rss`)).status).toBeLessThan(500);
}

describe('the local server under malformed requests', () => {
  it.each([['/%'], ['/%E0%A4%A'], ['/feeds/%'], ['/api/admin/sources/%E0%A4%A'], ['//%']])(
    'answers GET %s with 400 and keeps serving',
    async (path) => {
      const status = await exchange(port, Buffer.from(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
      expect(status).toBe(400);
      expect(crashes).toEqual([]);
      await expectServiceAnswers();
    },
  );

  it(
    `survives ${RAW_CASES_PER_KIND * 5} malformed request lines, paths, headers, bodies and noise`,
    async () => {
      const cases: RawCase[] = Object.values(rawCases(stack.adminToken)).flatMap((arbitrary, n) =>
        fc.sample(arbitrary, { numRuns: RAW_CASES_PER_KIND, seed: SEED + n }),
      );
      const serverErrors: { kind: string; request: string; status: number }[] = [];
      const statuses = new Map<string, number>();
      await pool(cases, async ({ kind, bytes, unfinished }) => {
        const status = await exchange(port, bytes, unfinished);
        const key = status === undefined ? 'closed' : String(status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (status !== undefined && status >= 500)
          serverErrors.push({ kind, request: bytes.toString('latin1').slice(0, 300), status });
      });
      expect(serverErrors).toEqual([]);
      expect(crashes).toEqual([]);
      // The fuzz reached the routes, not only the HTTP parser.
      expect([...statuses.keys()]).toEqual(expect.arrayContaining(['400', '401', '404']));
      await expectServiceAnswers();
    },
    HANG_GUARD_MS,
  );
});

describe('the sample newspaper under malformed requests', () => {
  it(
    `survives ${SAMPLE_CASES_PER_KIND * 5} of them and keeps serving its feed`,
    async () => {
      const samplePort = Number(new URL(stack.sample.origin).port);
      const cases = Object.values(rawCases(stack.adminToken)).flatMap((arbitrary, n) =>
        fc.sample(arbitrary, { numRuns: SAMPLE_CASES_PER_KIND, seed: SEED + 100 + n }),
      );
      const serverErrors: { kind: string; request: string; status: number }[] = [];
      await pool(cases, async ({ kind, bytes, unfinished }) => {
        const status = await exchange(samplePort, bytes, unfinished);
        if (status !== undefined && status >= 500)
          serverErrors.push({ kind, request: bytes.toString('latin1').slice(0, 300), status });
      });
      expect(serverErrors).toEqual([]);
      expect(crashes).toEqual([]);
      expect((await fetch(stack.sample.feedUrl)).status).toBe(200);
    },
    HANG_GUARD_MS,
  );
});

describe('the HTTP handlers under malformed API Gateway events', () => {
  it(
    `answer ${EVENTS} malformed events below 500, without throwing`,
    async () => {
      const routes = (Object.entries(topology.functions) as [FunctionName, FunctionSpec][]).flatMap(
        ([name, spec]) =>
          spec.trigger.kind === 'http'
            ? spec.trigger.routes.map((route: HttpRoute) => ({ name, route }))
            : [],
      );
      const perRoute = Math.ceil(EVENTS / routes.length);
      const events = routes.flatMap(({ name, route }, n) =>
        fc
          .sample(gatewayEvents(route), { numRuns: perRoute, seed: SEED + n })
          .map((event) => ({ name, event })),
      );
      expect(events.length).toBeGreaterThanOrEqual(EVENTS);
      const failures: { routeKey: string; event: string; outcome: string }[] = [];
      await pool(events, async ({ name, event }) => {
        let outcome: string;
        try {
          const result = (await stack.runner.invoke(name, event)) as APIGatewayProxyStructuredResultV2;
          if ((result.statusCode ?? 200) < 500) return;
          outcome = `${result.statusCode} ${result.body}`;
        } catch (error) {
          outcome = `threw ${String(error)}`;
        }
        failures.push({ routeKey: event.routeKey, event: JSON.stringify(event).slice(0, 600), outcome });
      });
      expect(failures).toEqual([]);
      expect(crashes).toEqual([]);
      await expectServiceAnswers();
    },
    HANG_GUARD_MS,
  );
});
