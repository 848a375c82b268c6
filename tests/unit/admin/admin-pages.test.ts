/**
 * Administrators' lists come a page at a time: GET /api/admin/sources answers at most `limit`
 * sources (100 by default) and the cursor of the next page; subscriber counts come from the
 * counts the store keeps, with no pass over the subscribers.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRoutes, route } from '../../../functions/admin-api/routes.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import { memoryAdminDeps } from '../../support/admin-deps.js';
import { MemorySources } from '../../support/in-memory.js';

async function routesWith(sourceCount: number) {
  const sources = new MemorySources();
  for (let n = 0; n < sourceCount; n++) {
    await sources.create(
      SourceSchema.parse({
        id: `bao-${String(n).padStart(3, '0')}`,
        name: `Báo số ${n}`,
        homepage: 'https://bao.example.vn/',
        kind: 'feed',
        urls: [`https://bao.example.vn/${n}.rss`],
      }),
    );
  }
  return createRoutes(memoryAdminDeps({ sources }));
}

const get = async (routes: Awaited<ReturnType<typeof routesWith>>, query?: Record<string, string>) => {
  const result = await route(
    routes,
    {
      routeKey: 'GET /api/admin/sources',
      queryStringParameters: query,
      requestContext: { authorizer: { jwt: { claims: { email: 'admin@example.vn' }, scopes: [] } } },
    } as unknown as APIGatewayProxyEventV2,
    { getRemainingTimeInMillis: () => 29_000 },
  );
  expect(result.statusCode).toBe(200);
  return JSON.parse(result.body!) as { sources: { source: { id: string } }[]; next?: string };
};

describe('GET /api/admin/sources', () => {
  it('answers 100 sources at most, then the next page from its cursor', async () => {
    const routes = await routesWith(130);
    const first = await get(routes);
    expect(first.sources).toHaveLength(100);
    expect(first.next).toBe('bao-099');
    const second = await get(routes, { cursor: first.next! });
    expect(second.sources.map((s) => s.source.id)).toEqual(
      Array.from({ length: 30 }, (_, n) => `bao-${String(n + 100).padStart(3, '0')}`),
    );
    expect(second.next).toBeUndefined();
  });

  it('walks every source exactly once with a smaller page', async () => {
    const routes = await routesWith(11);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await get(routes, { limit: '4', ...(cursor ? { cursor } : {}) });
      seen.push(...answer.sources.map((s) => s.source.id));
      cursor = answer.next;
      if (!cursor) break;
    }
    expect(seen).toEqual(Array.from({ length: 11 }, (_, n) => `bao-${String(n).padStart(3, '0')}`));
  });

  it.each<Record<string, string>>([
    { limit: '0' },
    { limit: '101' },
    { cursor: 'Không hợp lệ' },
    { page: '2' },
  ])('refuses %j with the field and the reason', async (query) => {
    const routes = await routesWith(1);
    await expect(get(routes, query)).rejects.toBeInstanceOf(ValidationError);
  });
});
