/** Debian's Chromium, driven by playwright-core, for the tests of the pages in a real browser. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** A headless browser with a fresh profile, in Vietnamese; fails clearly when Chromium is missing. */
export async function launchBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
  }
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bantin-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...(options.viewport ? { viewport: options.viewport } : {}),
    locale: 'vi-VN',
  });
  // Hang guards, not speed limits: Playwright's 30 s default fails on a loaded machine.
  context.setDefaultTimeout(120_000);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}
