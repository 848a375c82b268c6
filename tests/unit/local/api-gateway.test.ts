import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../../functions/http.js';
import { compileRoutes, createLocalApi } from '../../../infra/local/api-gateway.js';
import type { FunctionSpec } from '../../../infra/topology.js';

const spec = (routes: FunctionSpec['trigger']): FunctionSpec => ({
  entry: 'x.ts',
  description: 'test',
  trigger: routes,
  timeoutSeconds: 5,
  memoryMb: 128,
  access: {},
});

const functions = {
  admin: spec({ kind: 'http', routes: [{ method: 'ANY', path: '/api/admin/{proxy+}', auth: 'admin' }] }),
  sources: spec({
    kind: 'http',
    routes: [
      { method: 'GET', path: '/api/admin/sources/{id}', auth: 'admin' },
      { method: 'POST', path: '/api/subscribe', auth: 'public' },
    ],
  }),
};

let server: Server;
let base: string;
const seen: { name: string; event: APIGatewayProxyEventV2 }[] = [];

beforeAll(async () => {
  const api = createLocalApi({
    adminToken: 'secret-token',
    routes: compileRoutes(functions),
    runner: {
      invoke: async (name, event) => {
        seen.push({ name, event: event as APIGatewayProxyEventV2 });
        if ((event as APIGatewayProxyEventV2).rawPath === '/api/admin/boom') throw new Error('boom');
        return json(201, { ok: true }, { 'x-test': 'yes' });
      },
    },
  });
  server = createServer((req, res) => {
    api.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end('no route');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

const admin = { authorization: 'Bearer secret-token' };

describe('the local API Gateway', () => {
  it("answers HEAD through a GET route, named as API Gateway names its HEAD twin, and no other route's", async () => {
    expect((await fetch(`${base}/api/admin/sources/x`, { method: 'HEAD' })).status).toBe(401);
    seen.length = 0;
    const head = await fetch(`${base}/api/admin/sources/x`, { method: 'HEAD', headers: admin });
    expect(head.status).toBe(201);
    expect(await head.text()).toBe('');
    expect(seen.map(({ event }) => [event.routeKey, event.requestContext.http.method])).toEqual([
      ['HEAD /api/admin/sources/{id}', 'HEAD'],
    ]);
    seen.length = 0;
    const unrouted = await fetch(`${base}/api/subscribe`, { method: 'HEAD' });
    expect(unrouted.status).toBe(404);
    // API Gateway finds no route; the answer names the methods the path takes.
    expect(unrouted.headers.get('allow')).toBe('POST');
    expect(seen).toEqual([]);
  });

  it('refuses admin routes without the bearer token', async () => {
    expect((await fetch(`${base}/api/admin/sources/x`)).status).toBe(401);
    expect(
      (await fetch(`${base}/api/admin/sources/x`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    for (const authorization of [
      'Basic secret-token',
      'secret-token',
      'Bearer  secret-token',
      'Bearersecret-token',
    ]) {
      expect(
        (await fetch(`${base}/api/admin/sources/x`, { headers: { authorization } })).status,
        authorization,
      ).toBe(401);
    }
  });

  it('takes the scheme\'s name in any case (RFC 9110: "bearer" is "Bearer")', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const headers = { authorization: `${scheme} secret-token` };
      expect((await fetch(`${base}/api/admin/sources/bao-ha-nam`, { headers })).status, scheme).toBe(201);
    }
  });

  it('prefers the most specific route and passes path parameters', async () => {
    const response = await fetch(`${base}/api/admin/sources/bao-ha-nam?verbose=1`, { headers: admin });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-test')).toBe('yes');
    const last = seen.at(-1)!;
    expect(last.name).toBe('sources');
    expect(last.event.routeKey).toBe('GET /api/admin/sources/{id}');
    expect(last.event.pathParameters).toEqual({ id: 'bao-ha-nam' });
    expect(last.event.queryStringParameters).toEqual({ verbose: '1' });
    expect(last.event.requestContext.http.method).toBe('GET');
  });

  it('falls back to the proxy route and passes the body and the administrator', async () => {
    await fetch(`${base}/api/admin/anything/else`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const last = seen.at(-1)!;
    expect(last.name).toBe('admin');
    expect(last.event.pathParameters).toEqual({ proxy: 'anything/else' });
    expect(last.event.body).toBe('{"a":1}');
    expect((last.event.requestContext as { authorizer?: unknown }).authorizer).toMatchObject({
      jwt: { claims: { sub: 'local-admin' } },
    });
  });

  it('opens public routes to everyone, and only with their method', async () => {
    expect((await fetch(`${base}/api/subscribe`, { method: 'POST', body: 'x' })).status).toBe(201);
    expect((await fetch(`${base}/api/subscribe`)).status).toBe(404);
  });

  it('answers 500 when the function throws, and 413 for a huge body', async () => {
    expect((await fetch(`${base}/api/admin/boom`, { headers: admin })).status).toBe(500);
    const huge = 'x'.repeat(1024 * 1024 + 1);
    expect((await fetch(`${base}/api/subscribe`, { method: 'POST', body: huge })).status).toBe(413);
  });
});
