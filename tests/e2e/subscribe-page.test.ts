/**
 * The subscribe form in a real browser (Debian's Chromium, driven by playwright-core): the
 * service's own form signs up, and a form on another site, urlencoded or text/plain holding
 * JSON, does not.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalHttpServer } from '../../infra/local/http-server.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { outboxFiles } from '../../infra/local/mail.js';
import { launchBrowser } from '../support/browser.js';
import { serveTestStack, startTestStack } from '../support/local-stack.js';
import { freePort } from '../support/processes.js';

let stack: LocalStack & { dataDir: string };
let http: LocalHttpServer;
let elsewhere: Server;
let elsewhereUrl: string;
let context: BrowserContext | undefined;
let page: Page;

/**
 * A page on another origin with two forms aimed at the service, as a hostile site would write
 * them; the text/plain one sends `{"email":…,"keywords":["tin=tin"]}`, valid JSON for the API.
 */
function hostilePage(base: string): string {
  return `<!DOCTYPE html><html><body>
<form id="urlencoded" method="post" action="${base}/subscribe"><input name="email" value="nan-nhan-1@example.vn"><button>a</button></form>
<form id="plain" method="post" enctype="text/plain" action="${base}/api/subscriptions"><input name='{"email":"nan-nhan-2@example.vn","keywords":["tin' value='tin"]}'><button>b</button></form>
</body></html>`;
}

beforeAll(async () => {
  const port = await freePort();
  stack = await startTestStack(port);
  http = await serveTestStack(stack, { port });
  elsewhere = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostilePage(http.url));
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`;
  ({ context, page } = await launchBrowser());
}, 120_000);

afterAll(async () => {
  await context?.close();
  elsewhere?.close();
  await http?.stop();
  await stack?.stop();
});

/** Messages the outbox holds for `address`, once the queues are drained. */
async function mailCountTo(address: string): Promise<number> {
  await stack.runner.drain(30_000);
  return outboxFiles(stack.outboxDir).filter((name) =>
    readFileSync(join(stack.outboxDir, name), 'utf-8').includes(`To: ${address}`),
  ).length;
}

describe('the subscribe form in Chromium', () => {
  it('signs up from the service’s own page', async () => {
    await page.goto(`${http.url}/subscribe`);
    await page.fill('input[name=email]', 'doc-gia@example.vn');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${http.url}/subscribe` && r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    expect(response.status()).toBe(202);
    expect(await page.textContent('h1')).toBe('Kiểm tra hộp thư của bạn');
    expect(await mailCountTo('doc-gia@example.vn')).toBe(1);
  });

  it.each([
    ['urlencoded', '/subscribe', 403, 'nan-nhan-1@example.vn'],
    ['plain', '/api/subscriptions', 415, 'nan-nhan-2@example.vn'],
  ])('refuses a %s form posted from another site', async (form, path, status, victim) => {
    await page.goto(elsewhereUrl);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${http.url}${path}` && r.request().method() === 'POST'),
      page.click(`#${form} button`),
    ]);
    expect(response.status()).toBe(status);
    expect(await mailCountTo(victim)).toBe(0);
  });
});
