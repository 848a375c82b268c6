/**
 * WebSub publisher (https://www.w3.org/TR/websub/#publishing): tells the hub a feed changed
 * with a form POST `hub.mode=publish&hub.url=…`, one per feed URL. The hub then fetches the
 * feed and pushes it to its subscribers. A hub that is down or slow costs a log line, never a
 * feed rebuild: every failure is logged and swallowed.
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
    await mapWithConcurrency([...new Set(feedUrls)], this.options.concurrency ?? 4, async (url) => {
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
        this.options.log?.('warn', 'WebSub hub unreachable', { hub: this.hubUrl, url, error });
      }
    });
  }
}
