import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalHttpServer } from '../../infra/local/http-server.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { type FunctionSpec, topology } from '../../infra/topology.js';
import { cli as runCli } from '../support/cli.js';
import { serveTestStack, startTestStack } from '../support/local-stack.js';

let stack: LocalStack & { dataDir: string };
let http: LocalHttpServer;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  http = await serveTestStack(stack);
  token = stack.adminToken;
});

afterAll(async () => {
  await http?.stop();
  await stack?.stop();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${http.url}/api/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const feedUrl = () => stack.sample.feedUrl;
const secondSource = () => ({
  id: 'bao-ha-nam-2',
  name: 'Báo Hà Nam (bản thứ hai)',
  homepage: `${stack.sample.origin}/`,
  kind: 'feed',
  urls: [feedUrl()],
  pollIntervalMinutes: 30,
});

const adminRoutes = Object.values(topology.functions as Record<string, FunctionSpec>).flatMap((spec) =>
  spec.trigger.kind === 'http' ? spec.trigger.routes.filter((r) => r.auth === 'admin') : [],
);

describe('authentication', () => {
  it.each(adminRoutes)('$method $path answers 401 without the token, or with a wrong one', async (route) => {
    const path = route.path.replace('{id}', 'bao-ha-nam');
    const method = route.method === 'ANY' ? 'GET' : route.method;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: token },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${http.url}${path}`, {
        method,
        headers,
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
      });
      expect(response.status).toBe(401);
    }
  });
});

describe('sources', () => {
  it('lists the sample source with its health, pending before the first poll', async () => {
    const { status, body } = await call('GET', '/sources');
    expect(status).toBe(200);
    expect(body.sources).toEqual([
      expect.objectContaining({
        source: expect.objectContaining({ id: 'bao-ha-nam', kind: 'feed' }),
        health: expect.objectContaining({
          status: 'pending',
          flags: [expect.objectContaining({ code: 'never-polled' })],
        }),
      }),
    ]);
  });

  it('refuses a bad payload with 400 naming each field and reason', async () => {
    const bad = await call('POST', '/sources', {
      ...secondSource(),
      id: 'Not An Id',
      pollIntervalMinutes: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'id',
      'pollIntervalMinutes',
    ]);
    // A byte-order mark before the JSON is read past, not refused.
    const marked = await call(
      'POST',
      '/sources',
      `\uFEFF${JSON.stringify({ ...secondSource(), colour: 'red' })}`,
    );
    expect(marked.body.error).toContain('colour');
    const notJson = await call('POST', '/sources', '{"id":');
    expect(notJson).toMatchObject({ status: 400, body: { error: 'The request body is not valid JSON.' } });
    const unknownField = await call('POST', '/sources', { ...secondSource(), colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error).toContain('colour');
  });

  it('refuses a URL into the private network, explaining why', async () => {
    const { status, body } = await call('POST', '/sources', {
      ...secondSource(),
      urls: [feedUrl(), 'http://169.254.169.254/latest/meta-data/'],
    });
    expect(status).toBe(400);
    expect(body.details.issues).toEqual([
      {
        path: 'urls.1',
        message: expect.stringContaining('169.254.169.254 is in the linkLocal address range'),
      },
    ]);
    expect((await call('GET', '/sources/bao-ha-nam-2')).status).toBe(404);
  });

  it('creates a source (201), refuses the same id twice (409), reads it back', async () => {
    const created = await call('POST', '/sources', secondSource());
    expect(created.status).toBe(201);
    expect(created.body.source).toMatchObject({
      id: 'bao-ha-nam-2',
      enabled: true,
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect((await call('POST', '/sources', secondSource())).status).toBe(409);
    const read = await call('GET', '/sources/bao-ha-nam-2');
    expect(read).toMatchObject({ status: 200, body: { source: { name: 'Báo Hà Nam (bản thứ hai)' } } });
    expect((await call('GET', '/sources/no-such-source')).status).toBe(404);
    expect((await call('GET', '/sources/Bad_Id')).status).toBe(400);
  });

  it("writes a new source's feeds at once, empty until its first article", async () => {
    await stack.runner.drain();
    for (const format of ['rss', 'atom', 'json']) {
      const response = await fetch(`${http.url}/feeds/sources/bao-ha-nam-2.${format}`);
      expect(response.status, format).toBe(200);
      const body = await response.text();
      expect(body).toContain('Báo Hà Nam (bản thứ hai)');
      expect(body).not.toMatch(/<item>|<entry>|"url":/);
    }
  });

  it('updates a source; the id cannot change; an identical update changes nothing', async () => {
    const renamed = { ...secondSource(), name: 'Hà Nam 2', selectors: { body: '.news-content' } };
    const updated = await call('PUT', '/sources/bao-ha-nam-2', renamed);
    expect(updated).toMatchObject({ status: 200, body: { changed: true, source: { name: 'Hà Nam 2' } } });
    expect((await call('PUT', '/sources/bao-ha-nam-2', renamed)).body.changed).toBe(false);
    const moved = await call('PUT', '/sources/bao-ha-nam-2', { ...renamed, id: 'other' });
    expect(moved.status).toBe(400);
    expect(moved.body.details.issues[0].path).toBe('id');
    expect((await call('PUT', '/sources/nope', { ...renamed, id: undefined })).status).toBe(404);
    const badSelector = await call('PUT', '/sources/bao-ha-nam-2', {
      ...renamed,
      selectors: { body: 'div[' },
    });
    expect(badSelector.body.details.issues[0].path).toBe('selectors.body');
  });

  it('takes UTF-8 bodies only: another charset is a 415, bytes that are not UTF-8 a 400, and nothing is stored', async () => {
    const latin1 = Buffer.from(
      '{"id":"bao-latin","name":"B\xe1o Latin","urls":["https://x.vn/rss"],"kind":"feed"}',
      'latin1',
    );
    const send = (type: string) =>
      fetch(`${http.url}/api/admin/sources`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body: latin1,
      });
    const labelled = await send('application/json; charset=iso-8859-1');
    expect(labelled.status).toBe(415);
    expect(((await labelled.json()) as { error: string }).error).toContain('must be UTF-8');
    const mislabelled = await send('application/json; charset=utf-8');
    expect(mislabelled.status).toBe(400);
    expect(((await mislabelled.json()) as { error: string }).error).toContain('not valid UTF-8');
    expect((await call('GET', '/sources/bao-latin')).status).toBe(404);
  });

  it('refuses with 412 an edit of a revision another write replaced (If-Match), and loses nothing', async () => {
    const read = await fetch(`${http.url}/api/admin/sources/bao-ha-nam-2`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const etag = read.headers.get('etag')!;
    const { source, revision } = (await read.json()) as { source: Record<string, unknown>; revision: number };
    expect(etag).toBe(`"r${revision}"`);
    // Another administrator disables the paper after this editor read it.
    const disabled = await fetch(`${http.url}/api/admin/sources/bao-ha-nam-2/disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(disabled.headers.get('etag')).toBe(`"r${revision + 1}"`);
    const stale = await call('PUT', '/sources/bao-ha-nam-2', { ...source, name: 'Cũ' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toContain('was changed since revision');
    expect((await call('GET', '/sources/bao-ha-nam-2')).body.source).toMatchObject({
      name: source.name,
      enabled: false,
    });
    // A weak tag, a tag no revision has, and `*`.
    const current = `W/"r${revision + 1}"`;
    expect(
      (await call('PUT', '/sources/bao-ha-nam-2', { ...source, enabled: false }, { 'if-match': '"x"' }))
        .status,
    ).toBe(412);
    const saved = await call(
      'PUT',
      '/sources/bao-ha-nam-2',
      { ...source, name: 'Mới', enabled: false },
      { 'if-match': current },
    );
    expect(saved).toMatchObject({ status: 200, body: { source: { name: 'Mới' }, revision: revision + 2 } });
    expect(
      (await call('PUT', '/sources/bao-ha-nam-2', { ...source, enabled: false }, { 'if-match': '*' })).status,
    ).toBe(200);
    // A list matches when any of its tags does (RFC 9110 §13.1.1), and only then (attack run 30).
    const now = (await call('GET', '/sources/bao-ha-nam-2')).body.revision as number;
    const listed = (tags: string) =>
      call('PUT', '/sources/bao-ha-nam-2', { ...source, enabled: false }, { 'if-match': tags });
    expect((await listed(`"r${now + 50}", "r${now - 1}"`)).status).toBe(412);
    expect((await listed(`"r${now + 50}", "r${now}"`)).status).toBe(200);
    expect((await call('POST', '/sources/bao-ha-nam-2/enable')).status).toBe(200);
  });

  it('disables and enables; a disabled source is not ingested, an enabled one is not deleted', async () => {
    expect((await call('POST', '/sources/bao-ha-nam-2/disable')).body).toMatchObject({
      changed: true,
      source: { enabled: false },
      health: { status: 'disabled' },
    });
    expect((await call('POST', '/sources/bao-ha-nam-2/ingest')).status).toBe(409);
    expect((await call('POST', '/sources/bao-ha-nam-2/enable')).body.source.enabled).toBe(true);
    const refused = await call('DELETE', '/sources/bao-ha-nam-2');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('disable it first');
  });

  it('ingests now: an IngestRequest (reason manual) on the queue, then the poll shows in the health', async () => {
    const queued = await call('POST', '/sources/bao-ha-nam-2/ingest');
    expect(queued).toMatchObject({
      status: 202,
      body: { queued: { sourceId: 'bao-ha-nam-2', reason: 'manual' } },
    });
    await stack.runner.drain();
    const { body } = await call('GET', '/sources/bao-ha-nam-2');
    expect(body.health).toMatchObject({ status: 'ok', lastPoll: { status: 'ok', itemsNew: 6 } });
    const articles = await call('GET', '/sources/bao-ha-nam-2/articles?limit=3');
    expect(articles.body.articles).toHaveLength(3);
    expect(articles.body.articles[0]).toMatchObject({ sourceId: 'bao-ha-nam-2', published: true });
    expect((await call('GET', '/sources/bao-ha-nam-2/articles?limit=1000')).status).toBe(400);
    // A repeated parameter (API Gateway joins it: "3,5") is named as what it is, not as NaN.
    const repeated = await call('GET', '/sources/bao-ha-nam-2/articles?limit=3&limit=5');
    expect(repeated.status).toBe(400);
    expect(JSON.stringify(repeated.body)).toContain('must be a whole number from 1 to 100');
    expect(JSON.stringify(repeated.body)).not.toContain('NaN');
  });
});

describe('preview', () => {
  it('fetches and extracts with the given configuration, returning every field, storing nothing', async () => {
    const before = (await stack.sources.list()).length;
    const { status, body } = await call('POST', '/preview?articles=2', {
      kind: 'feed',
      urls: [feedUrl()],
      selectors: { title: 'h1.no-such-title' },
    });
    expect(status).toBe(200);
    expect(body.listing).toMatchObject({ ok: true, linksFound: 6 });
    expect(body.articles).toHaveLength(2);
    expect(body.articles[0]).toMatchObject({
      ok: true,
      article: {
        title: expect.any(String),
        contentHtml: expect.any(String),
        publishedAt: expect.any(String),
      },
      warnings: [expect.stringContaining('h1.no-such-title')],
      page: { html: expect.any(String), text: expect.any(String) },
    });
    expect((await stack.sources.list()).length).toBe(before);
  });

  it('refuses a private address and a bad query with 400', async () => {
    const privateUrl = await call('POST', '/preview', { kind: 'feed', urls: ['http://10.0.0.1/rss'] });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.details.issues).toContainEqual({
      path: 'urls.0',
      message: expect.stringContaining('10.0.0.1 is in the private address range'),
    });
    const badQuery = await call('POST', '/preview?articles=9', { kind: 'feed', urls: [feedUrl()] });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error).toContain('articles');
  });
});

describe('re-extraction', () => {
  it('rewrites stored articles in place after a selector change, announcing article.updated', async () => {
    const { body: list } = await call('GET', '/sources/bao-ha-nam-2/articles?limit=50');
    const ids = list.articles.map((a: { id: string }) => a.id).sort();
    // The digests' clippings of these articles show their photos, till the re-extraction drops them.
    const clipped = async () => {
      const { Items = [] } = await stack.aws.clients.dynamodb.send(
        new ScanCommand({ TableName: stack.aws.tableNames.clippings }),
      );
      return Items.map((item) => unmarshall(item)).filter((c) => ids.includes(c.articleId));
    };
    expect((await clipped()).filter((c) => c.image).length).toBeGreaterThan(0);
    await call('PUT', '/sources/bao-ha-nam-2', {
      ...secondSource(),
      selectors: { remove: ['img', '.caption'] },
    });
    const dry = await call('POST', '/sources/bao-ha-nam-2/reextract', { dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, considered: 6 });
    expect(dry.body.updated).toBeGreaterThan(0);
    const run = await call('POST', '/sources/bao-ha-nam-2/reextract', {});
    expect(run.body.updated).toBe(dry.body.updated);
    await stack.runner.drain();
    const { body: after } = await call('GET', '/sources/bao-ha-nam-2/articles?limit=50');
    expect(after.articles.map((a: { id: string }) => a.id).sort()).toEqual(ids);
    const object = await stack.aws.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.aws.bucket, Key: `articles/${run.body.items[0].articleId}.json` }),
    );
    expect(JSON.parse(await object.Body!.transformToString()).images).toEqual([]);
    const revised = new Set(run.body.items.map((item: { articleId: string }) => item.articleId));
    const clippings = (await clipped()).filter((c) => revised.has(c.articleId));
    expect(clippings.length).toBe(revised.size);
    expect(clippings.filter((c) => c.image)).toEqual([]);
    const bad = await call('POST', '/sources/bao-ha-nam-2/reextract', { limit: 0, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'limit']);
    // An empty selection is refused, not taken for the newest articles (attack run 33).
    const empty = await call('POST', '/sources/bao-ha-nam-2/reextract', { dryRun: true, articleIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.details.issues[0].path).toBe('articleIds');
  });

  it('withdraws an article: out of the feeds, its clippings gone, audited; 404 and 400 for bad requests (attack run 37)', async () => {
    const { body: list } = await call('GET', '/sources/bao-ha-nam-2/articles?limit=50');
    const gone = list.articles[0] as { id: string; url: string };
    const feed = async (path: string) => {
      const object = await stack.aws.clients.s3.send(
        new GetObjectCommand({ Bucket: stack.aws.bucket, Key: `feeds/${path}` }),
      );
      return (JSON.parse(await object.Body!.transformToString()) as { items: { id: string }[] }).items.map(
        (item) => item.id,
      );
    };
    expect(await feed('all.json')).toContain(`urn:bantin:article:${gone.id}`);
    const run = await call('POST', '/articles/withdraw', { article: gone.url, reason: 'Báo đã gỡ bài' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ articleId: gone.id, newlyWithdrawn: true });
    expect(run.body.feeds).toEqual(expect.arrayContaining(['all', 'sources/bao-ha-nam-2']));
    await stack.runner.drain();
    for (const path of ['all.json', 'sources/bao-ha-nam-2.json']) {
      expect(await feed(path), path).not.toContain(`urn:bantin:article:${gone.id}`);
    }
    // Nor on the local home page's headlines (as npm start serves it, with the articles).
    const home = await serveTestStack(stack, { articles: stack.articles });
    try {
      const page = await (await fetch(`${home.url}/`)).text();
      expect(page).toContain('<ol class="news">');
      expect(page).not.toContain(gone.url);
    } finally {
      await home.stop();
    }
    const { Items = [] } = await stack.aws.clients.dynamodb.send(
      new ScanCommand({ TableName: stack.aws.tableNames.clippings }),
    );
    expect(Items.map((item) => unmarshall(item).articleId)).not.toContain(gone.id);
    const { body: audit } = await call('GET', `/audit?target=article:${gone.id}`);
    expect(audit.entries[0]).toMatchObject({
      action: 'article.withdraw',
      details: { reason: 'Báo đã gỡ bài' },
    });
    const { body: after } = await call('GET', '/sources/bao-ha-nam-2/articles?limit=50');
    expect(after.articles.find((a: { id: string }) => a.id === gone.id).withdrawn.reason).toBe(
      'Báo đã gỡ bài',
    );
    expect(
      (await call('POST', '/articles/withdraw', { article: 'f'.repeat(24), reason: 'không có' })).status,
    ).toBe(404);
    const bad = await call('POST', '/articles/withdraw', { article: 'ftp://x', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toContain('reason');
  });
});

describe('audit log', () => {
  it('records every change: who, when, what, listable newest first and per target', async () => {
    const { body } = await call('GET', '/audit?target=source:bao-ha-nam-2');
    const actions = body.entries.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      'source.create',
      'source.update',
      // The stale edit wrote nothing; the next two did.
      'source.disable',
      'source.update',
      'source.update',
      'source.enable',
      'source.disable',
      'source.enable',
      'source.ingest',
      'source.update',
      'source.reextract',
    ]);
    const update = body.entries.find((e: { action: string }) => e.action === 'source.update');
    expect(update).toMatchObject({
      actor: 'admin@localhost',
      target: 'source:bao-ha-nam-2',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      changes: expect.arrayContaining([
        { path: 'name', before: 'Hà Nam 2', after: 'Báo Hà Nam (bản thứ hai)' },
        { path: 'selectors.body', before: '.news-content' },
        { path: 'selectors.remove', before: [], after: ['img', '.caption'] },
      ]),
    });
    const page = await call('GET', '/audit?limit=2');
    expect(page.body.entries).toHaveLength(2);
    const next = await call('GET', `/audit?limit=2&before=${encodeURIComponent(page.body.next)}`);
    expect(next.body.entries[0].id < page.body.entries[1].id).toBe(true);
    // A cursor that is no entry's id would read from the first page again: refused, named.
    const forged = await call('GET', '/audit?before=zzz');
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain("an entry's id, as a page's next gives it");
  });

  it('deletes a disabled source; its articles stay, and the feed directory stops listing it', async () => {
    const directory = async () => {
      await stack.runner.drain();
      const opml = await stack.aws.clients.s3.send(
        new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'feeds/index.opml' }),
      );
      return opml.Body!.transformToString();
    };
    expect(await directory()).toContain('sources/bao-ha-nam-2.rss');
    await call('POST', '/sources/bao-ha-nam-2/disable');
    expect(await call('DELETE', '/sources/bao-ha-nam-2')).toMatchObject({
      status: 200,
      body: { deleted: 'bao-ha-nam-2' },
    });
    expect((await call('GET', '/sources/bao-ha-nam-2')).status).toBe(404);
    const feed = await stack.aws.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.aws.bucket, Key: 'feeds/sources/bao-ha-nam-2.json' }),
    );
    // Its six articles but the one withdrawn above.
    expect(JSON.parse(await feed.Body!.transformToString()).items).toHaveLength(5);
    const { body } = await call('GET', '/audit?limit=1');
    expect(body.entries[0]).toMatchObject({ action: 'source.delete', before: { id: 'bao-ha-nam-2' } });
    // No aggregator importing the OPML subscribes to a paper that is gone.
    expect(await directory()).not.toContain('sources/bao-ha-nam-2.');
  });
});

describe('subscribers', () => {
  it('counts subscribers, finds one by address and suppresses it, with reasons for bad input', async () => {
    const counts = await call('GET', '/subscribers');
    expect(counts.status).toBe(200);
    expect(Object.keys(counts.body.byStatus).sort()).toEqual([
      'confirmed',
      'pending',
      'suppressed',
      'unsubscribed',
    ]);
    expect((await call('GET', '/subscribers?email=ban.doc@example.vn')).status).toBe(404);
    const suppressed = await call('POST', '/subscribers/suppress', {
      email: 'Ban.Doc@example.vn',
      reason: 'spam trap',
    });
    expect(suppressed).toMatchObject({
      status: 200,
      body: { changed: true, subscriber: { email: 'ban.doc@example.vn', status: 'suppressed' } },
    });
    const found = await call('GET', '/subscribers?email=ban.doc@example.vn');
    expect(found.body.subscriber).toMatchObject({ status: 'suppressed', statusReason: 'admin: spam trap' });
    expect((await call('GET', '/subscribers')).body).toMatchObject({
      total: counts.body.total + 1,
      byStatus: { suppressed: counts.body.byStatus.suppressed + 1 },
    });
    const bad = await call('POST', '/subscribers/suppress', { email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues[0].path).toBe('email');
    const { body } = await call('GET', '/audit?limit=1');
    expect(body.entries[0]).toMatchObject({
      action: 'subscriber.suppress',
      target: expect.stringMatching(/^subscriber:/),
    });
  });
});

describe('webhooks', () => {
  it('registers, lists and removes an aggregator webhook; refuses a private endpoint', async () => {
    const received: string[] = [];
    const { createServer } = await import('node:http');
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['x-amz-sns-message-type']));
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    try {
      const created = await call('POST', '/webhooks', { endpoint, sourceId: 'bao-ha-nam' });
      expect(created).toMatchObject({
        status: 201,
        body: { webhook: { endpoint, filter: { kind: 'source', sourceId: 'bao-ha-nam' } } },
      });
      expect(received).toContain('SubscriptionConfirmation');
      const id = created.body.webhook.id as string;
      expect((await call('GET', '/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).toContain(id);
      expect((await call('GET', '/overview')).body.webhooks.total).toBe(1);
      const privateEndpoint = await call('POST', '/webhooks', {
        endpoint: 'https://10.0.0.9/hook',
        category: 'Xã hội',
      });
      expect(privateEndpoint.status).toBe(400);
      expect(privateEndpoint.body.details.issues[0].path).toBe('endpoint');
      expect(await call('DELETE', `/webhooks/${encodeURIComponent(id)}`)).toMatchObject({
        status: 200,
        body: { removed: id },
      });
      expect((await call('DELETE', `/webhooks/${encodeURIComponent(id)}`)).status).toBe(404);
      const { body } = await call('GET', '/audit?limit=2');
      expect(body.entries.map((e: { action: string }) => e.action)).toEqual([
        'webhook.remove',
        'webhook.register',
      ]);
    } finally {
      receiver.close();
    }
  });
});

describe('the admin page', () => {
  it('is served publicly with a strict content security policy', async () => {
    const page = await fetch(`${http.url}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/admin/admin.js">');
    expect(html).toContain('content="{&#34;kind&#34;:&#34;token&#34;}"');
    const script = await fetch(`${http.url}/admin/admin.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${http.url}/admin/secrets.txt`)).status).toBe(404);
  });
});

describe('the CLI', () => {
  const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(args, { BANTIN_API_URL: http.url, BANTIN_ADMIN_TOKEN: token, ...env });
  const dir = mkdtempSync(join(tmpdir(), 'bantin-cli-'));

  it('lists, adds, previews, disables and enables sources, printing JSON', async () => {
    const file = join(dir, 'source.json');
    writeFileSync(file, JSON.stringify({ ...secondSource(), id: 'bao-ha-nam-3' }));
    const added = await cli(['sources', 'add', file]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout).source.id).toBe('bao-ha-nam-3');
    const list = await cli(['sources', 'list']);
    expect(JSON.parse(list.stdout).map((v: { source: { id: string } }) => v.source.id)).toContain(
      'bao-ha-nam-3',
    );
    const preview = await cli(['sources', 'preview', file, '--articles', '1']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toContain('6 links');
    const result = JSON.parse(preview.stdout);
    expect(result.articles[0].article.title).toBeTruthy();
    expect(result.articles[0].page).toBeUndefined();
    expect(JSON.parse((await cli(['sources', 'disable', 'bao-ha-nam-3'])).stdout).source.enabled).toBe(false);
    expect(JSON.parse((await cli(['sources', 'enable', 'bao-ha-nam-3'])).stdout).source.enabled).toBe(true);
  });

  it('ingests and waits for the poll, reporting progress on stderr; again at once, within the same second', async () => {
    const ingest = async () => {
      const run = cli(['sources', 'ingest', 'bao-ha-nam-3', '--timeout', '60']);
      let done = false;
      void run.then(() => {
        done = true;
      });
      while (!done) {
        await stack.runner.drain();
        await new Promise((r) => setTimeout(r, 300));
      }
      return run;
    };
    const { code, stdout, stderr } = await ingest();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('ingest requested');
    expect(JSON.parse(stdout).health.lastPoll).toMatchObject({ status: 'ok' });
    // A poll stamped with the same second as the one before is still a poll the CLI sees.
    const again = await ingest();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('no poll within');
  });

  it('explains errors: a bad file, a wrong token, an unreachable API', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...secondSource(), id: 'x', urls: ['http://10.0.0.1/'] }));
    const bad = await cli(['sources', 'add', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('HTTP 400');
    expect(bad.stderr).toContain('private address range');
    expect((await cli(['sources', 'list'], { BANTIN_ADMIN_TOKEN: 'wrong' })).stderr).toContain(
      'not authorized',
    );
    const away = await cli(['sources', 'list'], { BANTIN_API_URL: 'http://127.0.0.1:9' });
    expect(away.stderr).toContain('cannot reach the admin API');
    expect((await cli(['sources', 'frobnicate'])).code).toBe(2);
    // A mistake in the command line exits 2 before any request (attack run 29: 1, after a 400).
    for (const args of [
      ['sources', 'reextract', 'bao-ha-nam', '--limit', 'abc'],
      ['audit', '--limit', '0'],
      // Past the API's bounds, too (newcomer run 49: these exited 1 after the API's 400).
      ['sources', 'reextract', 'bao-ha-nam', '--limit', '201'],
      ['audit', '--limit', '201'],
    ]) {
      const wrong = await cli(args);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--limit must be a whole number from 1');
    }
    const previewTooMany = await cli(['sources', 'preview', file, '--articles', '6']);
    expect(previewTooMany.code).toBe(2);
    expect(previewTooMany.stderr).toContain('--articles must be a whole number from 1 to 5');
    // An endless file is read up to 1 MB, not to the end of memory (attack run 39: 620 MB).
    const endless = await cli(['sources', 'add', '/dev/zero']);
    expect(endless.code).toBe(1);
    expect(endless.stderr).toContain('/dev/zero holds more than 1 MB');
    const target = await cli(['audit', '--target', 'bogus']);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('--target must be KIND:ID');
  });

  it('reads a source file saved with a byte order mark (as Windows editors save UTF-8)', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ ...secondSource(), id: 'bao-ha-nam-bom' })}`);
    const added = await cli(['sources', 'add', file]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout).source.id).toBe('bao-ha-nam-bom');
  });

  it("takes the token of the npm start running on this machine, for its API's port only, naming the file when it fails", async () => {
    const noToken = { BANTIN_ADMIN_TOKEN: undefined };
    // npm start records the URL its API answers on; this test serves the stack on a port of its own.
    const endpointsFile = join(stack.dataDir, 'local-aws.json');
    const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8'));
    writeFileSync(endpointsFile, JSON.stringify({ ...endpoints, apiUrl: http.url }));
    const listed = await cli(['sources', 'list'], { ...noToken, BANTIN_DATA: stack.dataDir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((v: { source: { id: string } }) => v.source.id)).toContain(
      'bao-ha-nam',
    );
    // Another program listening on another port of this machine never gets it.
    const elsewhere = await cli(['sources', 'list'], {
      ...noToken,
      BANTIN_DATA: stack.dataDir,
      BANTIN_API_URL: 'http://127.0.0.1:9',
    });
    expect(elsewhere.stderr).toContain('set BANTIN_ADMIN_TOKEN');
    // …and is told where the running start listens.
    expect(elsewhere.stderr).toContain(`listens on ${http.url}`);
    // Without BANTIN_API_URL the CLI finds that start on its own port (PORT other than 8787).
    const found = await cli(['sources', 'list'], {
      ...noToken,
      BANTIN_DATA: stack.dataDir,
      BANTIN_API_URL: undefined,
    });
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).length).toBeGreaterThan(0);

    const other = mkdtempSync(join(tmpdir(), 'bantin-cli-data-'));
    const missing = await cli(['sources', 'list'], { ...noToken, BANTIN_DATA: other });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('set BANTIN_ADMIN_TOKEN');
    expect(missing.stderr).toContain(join(other, 'admin-token'));

    // A folder no running npm start holds (one killed): its token is not used.
    writeFileSync(join(other, 'admin-token'), 'another-start-s-token\n');
    writeFileSync(join(other, 'local-aws.json'), JSON.stringify({ ...endpoints, apiUrl: http.url }));
    expect((await cli(['sources', 'list'], { ...noToken, BANTIN_DATA: other })).stderr).toContain(
      'set BANTIN_ADMIN_TOKEN',
    );
    // Held by a running process, with a token the API refuses: the file is named.
    writeFileSync(join(other, 'bantin.pid'), String(process.pid));
    const refused = await cli(['sources', 'list'], { ...noToken, BANTIN_DATA: other });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refused the token in ${join(other, 'admin-token')}`);

    // A remote API never gets the local token: the command stops before any request.
    const remote = await cli(['sources', 'list'], {
      ...noToken,
      BANTIN_DATA: stack.dataDir,
      BANTIN_API_URL: 'https://admin.example.invalid',
    });
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain('set BANTIN_ADMIN_TOKEN');
  });
});
