import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRoutes, route } from '../../../functions/admin-api/routes.js';
import { authConfig, contentSecurityPolicy, createHandler } from '../../../functions/admin-page/handler.js';
import { answer, headless } from '../../../functions/http.js';
import { lambdaPlatform } from '../../../functions/platform.js';
import { env, type FunctionSpec, topology } from '../../../infra/topology.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { memoryAdminDeps } from '../../support/admin-deps.js';
import { MemoryAuditLog, MemorySources } from '../../support/in-memory.js';
import { MemorySubscribers } from '../../support/mail-memory.js';

const sources = new MemorySources();
const audit = new MemoryAuditLog();
const routes = createRoutes(
  memoryAdminDeps({
    sources,
    audit,
    subscribers: {
      subscribers: new MemorySubscribers(),
      stats: { countByStatus: async () => ({ pending: 1, confirmed: 2, unsubscribed: 0, suppressed: 0 }) },
      subscriberId: async () => 'a'.repeat(24),
    },
  }),
);
const context = { getRemainingTimeInMillis: () => 29_000 };

function event(
  routeKey: string,
  claims?: Record<string, string>,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  return {
    routeKey,
    pathParameters,
    requestContext: { ...(claims && { authorizer: { jwt: { claims, scopes: [] } } }) },
  } as unknown as APIGatewayProxyEventV2;
}

describe('the admin API handler', () => {
  it('handles exactly the topology routes of admin-api', () => {
    const trigger = (topology.functions['admin-api'] as FunctionSpec).trigger;
    if (trigger.kind !== 'http') throw new Error('admin-api is not an http function');
    expect(Object.keys(routes).sort()).toEqual(trigger.routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(trigger.routes.every((r) => r.auth === 'admin')).toBe(true);
  });

  it("serves a HEAD by its GET route, and the handler's answer drops the body", async () => {
    const head = event('HEAD /api/admin/overview', { sub: 'a' });
    const served = await route(routes, head, context);
    expect(served.statusCode).toBe(200);
    expect(served.body).toContain('subscribers');
    expect(headless(head, served)).toEqual({ ...served, body: '' });
    expect(headless(event('GET /api/admin/overview'), served)).toBe(served);
    await expect(route(routes, event('HEAD /api/admin/sources', undefined), context)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('refuses an anonymous request even if API Gateway let it through', async () => {
    await expect(route(routes, event('GET /api/admin/sources'), context)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('answers 404 with a JSON reason for a route it does not know', async () => {
    const result = await answer(() => route(routes, event('GET /api/admin/nothing', { sub: 'a' }), context));
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(result.body!)).toEqual({ error: 'no administration route GET /api/admin/nothing' });
  });

  it('records the JWT identity (email, else subject) as the actor of a change', async () => {
    await sources.put(
      SourceSchema.parse({
        id: 'bao-ha-nam',
        name: 'Báo Hà Nam',
        homepage: 'https://baohanam.example.vn/',
        kind: 'feed',
        urls: ['https://baohanam.example.vn/rss'],
      }),
    );
    const id = { id: 'bao-ha-nam' };
    const disabled = await route(
      routes,
      event('POST /api/admin/sources/{id}/disable', { email: 'an@example.vn', sub: 'user-1' }, id),
      context,
    );
    expect(disabled.statusCode).toBe(200);
    await route(routes, event('POST /api/admin/sources/{id}/enable', { sub: 'user-2' }, id), context);
    const changes = await audit.list({ target: 'source:bao-ha-nam', limit: 10 });
    expect(Object.fromEntries(changes.map((c) => [c.action, c.actor]))).toEqual({
      'source.disable': 'an@example.vn',
      'source.enable': 'user-2',
    });
  });

  it('answers the overview with subscriber and webhook counts', async () => {
    const result = await route(routes, event('GET /api/admin/overview', { email: 'an@example.vn' }), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({
      subscribers: { total: 3, byStatus: { confirmed: 2 } },
      webhooks: { total: 0 },
    });
  });
});

describe('the admin page handler', () => {
  it('asks for a token locally and signs in through Cognito in AWS', () => {
    expect(authConfig({})).toEqual({ kind: 'token' });
    const cognito = authConfig({
      [env.adminLoginUrl]: 'https://bantin-admin.auth.ap-southeast-1.amazoncognito.com/',
      [env.adminClientId]: 'client123',
    });
    expect(cognito).toEqual({
      kind: 'cognito',
      loginUrl: 'https://bantin-admin.auth.ap-southeast-1.amazoncognito.com',
      clientId: 'client123',
    });
    const csp = contentSecurityPolicy(cognito);
    expect(csp).toContain("connect-src 'self' https://bantin-admin.auth.ap-southeast-1.amazoncognito.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ kind: 'token' })).toContain("connect-src 'self';");
  });

  it('serves the shell, its script and style, and nothing else', async () => {
    const pageHandler = createHandler(lambdaPlatform({}));
    const shell = await pageHandler({ pathParameters: undefined } as unknown as APIGatewayProxyEventV2);
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain('Bantin — Quản trị');
    expect(shell.body).not.toContain('{{AUTH_CONFIG}}');
    for (const asset of ['admin.js', 'admin.css']) {
      const file = await pageHandler({ pathParameters: { asset } } as unknown as APIGatewayProxyEventV2);
      expect(file.statusCode).toBe(200);
    }
    const other = await pageHandler({
      pathParameters: { asset: 'admin.html' },
    } as unknown as APIGatewayProxyEventV2);
    expect(other.statusCode).toBe(404);
  });
});
