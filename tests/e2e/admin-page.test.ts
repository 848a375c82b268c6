/**
 * The administration page in a real browser (Debian's Chromium, driven by playwright-core)
 * against `npm start`: sign in with the admin token, add a newspaper with a live preview,
 * save it, ingest it now and see its articles; then the audit log.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { freePort, startBantin, stopProcess } from '../support/processes.js';
import { publishOnSample } from '../support/requests.js';

const TOKEN = 'e2e-admin-token-7f3a9c';
const NEW_TITLE = 'Hà Nam mở tuyến xe buýt mới nối Phủ Lý với Kim Bảng';
const SCREENSHOT = join(tmpdir(), 'bantin-admin-preview.png');

let service: Awaited<ReturnType<typeof startBantin>> | undefined;
let context: BrowserContext | undefined;
let page: Page;
let base: string;
let sampleOrigin: string;

async function api(path: string): Promise<{ health: { lastPoll?: unknown } }> {
  const response = await fetch(`${base}/api/admin${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await response.json()) as { health: { lastPoll?: unknown } };
}

/** Waits for a probe; the limit guards against a hang only (a loaded machine is many times slower). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  const port = await freePort();
  const samplePort = await freePort();
  base = `http://localhost:${port}`;
  sampleOrigin = `http://127.0.0.1:${samplePort}`;
  service = await startBantin({
    BANTIN_DATA: mkdtempSync(join(tmpdir(), 'bantin-admin-e2e-')),
    PORT: String(port),
    SAMPLE_NEWSPAPER_PORT: String(samplePort),
    BANTIN_ADMIN_TOKEN: TOKEN,
  });
  // The schedule polls the sample source once at start; then a new article appears on the paper,
  // which only a source added afterwards will be the first to store.
  await until('the first poll', async () =>
    (await api('/sources/bao-ha-nam')).health.lastPoll ? true : undefined,
  );
  const published = await publishOnSample(sampleOrigin, {
    title: NEW_TITLE,
    summary:
      'Từ ngày 1/12, tuyến xe buýt số 9 chạy 30 phút một chuyến giữa thành phố Phủ Lý và thị xã Kim Bảng.',
    paragraphs: [
      'Tuyến dài 24 km, đi qua trung tâm thành phố, bến xe Phủ Lý và khu du lịch Tam Chúc, giá vé 10.000 đồng một lượt.',
      'Sở Giao thông vận tải cho biết tuyến mới giúp người dân đi lại thuận tiện, giảm xe cá nhân vào giờ cao điểm.',
    ],
    category: 'Xã hội',
    author: 'Thu Trang',
  });
  expect(published.status).toBe(201);

  ({ context, page } = await launchBrowser({ viewport: { width: 1440, height: 1000 } }));
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (service) await stopProcess(service);
});

describe('the admin page in Chromium', () => {
  it('asks for the admin token and refuses a wrong one', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/admin`);
    await page.getByLabel('Mã quản trị (admin token)').fill('not-the-token');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('Mã quản trị không đúng.');
    expect(errors).toEqual([]);
  });

  it('signs in and lists the sources with their health', async () => {
    await page.getByLabel('Mã quản trị (admin token)').fill(TOKEN);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const row = page.locator('tr[data-source="bao-ha-nam"]');
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('Tốt');
    expect(await row.textContent()).toContain('6 mới');
    expect(await page.locator('#overview').textContent()).toContain('nguồn tin');
  });

  it('adds a newspaper: a live preview side by side with the page, then saves it', async () => {
    await page.getByRole('link', { name: '+ Thêm nguồn' }).click();
    await page.getByLabel('Mã nguồn (id)').fill('bao-ha-nam-moi');
    await page.getByLabel('Tên (name)').fill('Báo Hà Nam (nguồn mới)');
    await page
      .getByLabel('Địa chỉ nguồn cấp (urls, mỗi dòng một địa chỉ)')
      .fill(`${sampleOrigin}/rss/tin-moi-nhat.rss`);
    await page.getByLabel('Nội dung (body)').fill('.news-content');
    await page.getByRole('button', { name: 'Xem trước' }).click();

    // The preview ends in a status line either way; on failure it says why, and so does this test.
    const status = page.locator('#preview-status');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^(Xem trước xong|Không)/);
    const tabs = page.locator('#preview-tabs .tab');
    const shown = `status: ${await status.textContent()}; listing: ${await page.locator('#preview-listing').textContent()}; form error: ${await page.locator('#form-error').textContent()}; field errors: ${(await page.locator('.field-error').allTextContents()).join(' | ')}`;
    expect(await tabs.count(), shown).toBe(3);
    expect(await page.locator('#preview-listing').textContent()).toMatch(
      /^Nguồn cấp: \d+ liên kết bài viết \(HTTP 200\)$/,
    );
    expect(await tabs.first().textContent()).toBe(NEW_TITLE);
    const fields = page.locator('#preview-article .extracted');
    expect(await fields.locator('td[data-field="title"]').textContent()).toBe(NEW_TITLE);
    expect(await fields.locator('td[data-field="author"]').textContent()).toBe('Thu Trang');
    expect(await fields.locator('td[data-field="categories"]').textContent()).toBe('Xã hội');
    // The fetched page, sanitized, in a frame that runs no script; the body selector is outlined.
    const original = page.frameLocator('iframe[title="Trang gốc"]');
    await expect.poll(() => original.locator('h1').first().textContent()).toBe(NEW_TITLE);
    expect(await original.locator('[data-bantin-field="body"]').count()).toBe(1);
    expect(await page.locator('iframe[title="Trang gốc"]').getAttribute('sandbox')).toBe('');
    const content = page.frameLocator('iframe[title="Nội dung trích xuất"]');
    expect(await content.locator('body').textContent()).toContain('Tuyến dài 24 km');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Link parameters that choose an article, never to be dropped from the paper's links.
    await page.getByLabel(/\(keepLinkParams/).fill('cat, trang');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const row = page.locator('tr[data-source="bao-ha-nam-moi"]');
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('Chưa lấy tin');
    const saved = (await api('/sources/bao-ha-nam-moi')) as unknown as {
      source: { keepLinkParams?: string[] };
    };
    expect(saved.source.keepLinkParams).toEqual(['cat', 'trang']);
  });

  it('shows the field and the reason when the configuration is refused', async () => {
    await page.goto(`${base}/admin#/sources/new`);
    await page.getByLabel('Mã nguồn (id)').fill('noi-bo');
    await page.getByLabel('Tên (name)').fill('Mạng nội bộ');
    await page.getByLabel('Địa chỉ nguồn cấp (urls, mỗi dòng một địa chỉ)').fill('http://10.0.0.8/rss');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const error = page.locator('textarea[name="urls"] + .field-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('urls.0: refused: 10.0.0.8 is in the private address range');
    await page.goto(`${base}/admin#/`);
  });

  it('saves nothing from a form filled before another administrator disabled the source, and says so', async () => {
    await page.goto(`${base}/admin#/sources/bao-ha-nam-moi/edit`);
    const name = page.getByLabel('Tên (name)');
    await expect.poll(() => name.inputValue()).not.toBe('');
    const post = (action: string) =>
      fetch(`${base}/api/admin/sources/bao-ha-nam-moi/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
    expect((await post('disable')).status).toBe(200);
    await name.fill('Báo Hà Nam (sửa muộn)');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect
      .poll(() => page.locator('#form-error').textContent())
      .toContain('vừa được sửa, bật hoặc tắt');
    const after = (await api('/sources/bao-ha-nam-moi')) as unknown as {
      source: { name: string; enabled: boolean };
    };
    expect(after.source.enabled).toBe(false);
    expect(after.source.name).not.toBe('Báo Hà Nam (sửa muộn)');
    expect((await post('enable')).status).toBe(200);
    await page.goto(`${base}/admin#/`);
  });

  it('keeps the rows it shows while the list reloads from being pressed', async () => {
    // The list reloads (here the refresh button); its answer is held until the test lets it go.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/admin/overview', async (route) => {
      await held;
      await route.continue();
    });
    const ingest = page
      .locator('tr[data-source="bao-ha-nam-moi"]')
      .getByRole('button', { name: 'Lấy tin ngay' });
    try {
      await expect.poll(() => ingest.isEnabled()).toBe(true);
      await page.locator('#refresh').click();
      await expect.poll(() => ingest.isDisabled()).toBe(true);
      expect(await page.locator('#sources tbody').getAttribute('aria-busy')).toBe('true');
    } finally {
      release();
    }
    await expect.poll(() => ingest.isEnabled()).toBe(true);
    expect(await page.locator('#sources tbody').getAttribute('aria-busy')).toBeNull();
    await page.unroute('**/api/admin/overview');
  });

  it('ingests the new source now and shows its articles', async () => {
    const row = page.locator('tr[data-source="bao-ha-nam-moi"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Lấy tin ngay' }).click();
    // On failure, the page's last message says why (a refused request, no result in time).
    await expect
      .poll(async () => page.locator('tr[data-source="bao-ha-nam-moi"] .badge').textContent(), {
        timeout: 120_000,
      })
      .toBe('Tốt')
      .catch(async (error: Error) => {
        throw new Error(
          `${error.message} (the page's last message: ${await page.locator('#toast').textContent()})`,
        );
      });
    expect(await page.locator('tr[data-source="bao-ha-nam-moi"]').textContent()).toContain('1 mới · 6 trùng');
    await page.locator('tr[data-source="bao-ha-nam-moi"]').getByRole('link', { name: 'Bài viết' }).click();
    const article = page.locator('#articles tbody tr[data-article]');
    await article.first().waitFor();
    expect(await article.count()).toBe(1);
    expect(await article.first().textContent()).toContain(NEW_TITLE);
  });

  it('withdraws an article, asking why, and shows it withdrawn', async () => {
    const article = page.locator('#articles tbody tr[data-article]').first();
    page.once('dialog', (dialog) => void dialog.accept('Báo đã gỡ bài'));
    await article.getByRole('button', { name: 'Gỡ bài' }).click();
    await expect
      .poll(() => page.locator('#articles tbody tr[data-article]').first().textContent())
      .toContain('Đã gỡ');
    expect(await page.locator('#articles tbody tr[data-article] [data-action="withdraw"]').count()).toBe(0);
    // And undone.
    page.once('dialog', (dialog) => void dialog.accept('Gỡ nhầm'));
    await article.getByRole('button', { name: 'Khôi phục' }).click();
    await expect
      .poll(() => page.locator('#articles tbody tr[data-article] [data-action="withdraw"]').count())
      .toBe(1);
  });

  it('tries a re-extraction and says what it would do, with nothing else (newcomer run 49: "null")', async () => {
    await page.getByRole('button', { name: 'Thử trích xuất lại (không ghi)' }).click();
    await expect.poll(() => page.locator('#reextract-result').textContent()).toContain('Thử (không ghi)');
    expect(await page.locator('#reextract-result').textContent()).not.toContain('null');
  });

  it('shows the subscriber counts and suppresses an address', async () => {
    await page.getByRole('link', { name: 'Người đăng ký & webhook' }).click();
    const suppressedRow = page.locator('#subscriber-counts tr[data-status="suppressed"] td').nth(1);
    await suppressedRow.waitFor();
    const before = Number(await suppressedRow.textContent());
    await page.getByLabel('Tìm theo email').fill('hop.thu.rac@example.vn');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Chặn gửi thư (suppress)' }).click();
    await expect
      .poll(() => page.locator('#subscriber-result').textContent())
      .toContain('Bị chặn (suppressed)');
    await expect.poll(async () => Number(await suppressedRow.textContent())).toBe(before + 1);
    // And lifted, asking why; how the reader left stays shown (newcomer run 49: API only).
    page.once('dialog', (dialog) => void dialog.accept('Người đọc xin nhận thư lại'));
    await page.getByRole('button', { name: 'Bỏ chặn (lift)' }).click();
    await expect
      .poll(() => page.locator('#subscriber-result').textContent())
      .toContain('Đã huỷ (unsubscribed)');
    expect(await page.locator('#subscriber-last-left').textContent()).toContain('Bị chặn (suppressed)');
    await expect.poll(async () => Number(await suppressedRow.textContent())).toBe(before);
    expect(await page.getByRole('button', { name: 'Bỏ chặn (lift)' }).isHidden()).toBe(true);
  });

  it('lists the changes in the audit log, with who made them', async () => {
    await page.getByRole('link', { name: 'Nhật ký thay đổi' }).click();
    const rows = page.locator('#audit tbody tr');
    await rows.first().waitFor();
    const text = await page.locator('#audit tbody').textContent();
    expect(text).toContain('source.create');
    expect(text).toContain('source.ingest');
    expect(text).toContain('admin@localhost');
    expect(text).toContain('source:bao-ha-nam-moi');
    expect(text).toContain('subscriber.suppress');
    expect(text).toContain('subscriber.lift-suppression');
    expect(text).toContain('article.withdraw');
    expect(text).toContain('article.restore');
  });
});
