/**
 * WebSub publisher (https://www.w3.org/TR/websub/#publishing): tells the hub a feed changed
 * with a form POST `hub.mode=publish&hub.url=…`, one per feed URL. The hub then fetches the
 * feed and pushes it to its subscribers. A hub that is down or slow costs a log line, never a
 * feed rebuild: every failure is logged and swallowed, and a hub that does not answer is not
 * asked again in the same batch.
 */
import { mapWithConcurrency } from '../../concurrency.js';
import type { WebSubHub } from '../../ports.js';

// Its own string: importing the fetcher's would bundle its HTTP client into build-feeds.
const USER_AGENT = 'Bantin/0.1 (WebSub publisher)';

export interface HttpWebSubHubOptions {
  timeoutMs?: number;
  concurrency?: number;
  fetch?: typeof globalThis.fetch;
  log?: (level: 'info' | 'warn', message: string, details?: Record<string, unknown>) => void;
}

export class HttpWebSubHub implements WebSubHub {
  constructor(
    readonly hubUrl: string,
    private readonly options: HttpWebSubHubOptions = {},
  ) {}

  async publish(feedUrls: string[]): Promise<void> {
    const fetch = this.options.fetch ?? globalThis.fetch;
    // A hub that did not answer one ping (down, hanging until the timeout) is not asked the
    // others of this batch: each waited its 5 s, four at a time, and a batch of 75 changed files
    // ran build-feeds past its timeout (attack run 35).
    let down = false;
    let skipped = 0;
    await mapWithConcurrency([...new Set(feedUrls)], this.options.concurrency ?? 4, async (url) => {
      if (down) {
        skipped++;
        return;
      }
      try {
        const response = await fetch(this.hubUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        });
        await response.body?.cancel();
        // WebSub hubs answer 2xx (usually 204 No Content) when they accept the ping.
        if (response.status < 200 || response.status >= 300) {
          this.options.log?.('warn', 'WebSub hub refused a ping', {
            hub: this.hubUrl,
            url,
            status: response.status,
          });
        }
      } catch (error) {
        down = true;
        this.options.log?.('warn', 'WebSub hub unreachable', { hub: this.hubUrl, url, error });
      }
    });
    if (skipped > 0) {
      this.options.log?.('warn', 'WebSub hub not pinged for the other feeds of this batch', {
        hub: this.hubUrl,
        skipped,
      });
    }
  }
}
