/**
 * The soak bench's load generator, run in its own process: autocannon cycling every
 * connection through what readers, aggregators and stray clients ask the local service for.
 * Prints its result as JSON on stdout.
 */
import autocannon from 'autocannon';

export interface SoakLoadResult {
  total: number;
  perSecond: number;
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

const gzip = { 'accept-encoding': 'gzip' };

async function main(): Promise<void> {
  const result = await autocannon({
    url: process.env.SOAK_URL!,
    connections: Number(process.env.SOAK_CONNECTIONS),
    duration: Number(process.env.SOAK_SECONDS),
    timeout: 30,
    requests: [
      { path: '/feeds/all.rss', headers: gzip },
      { path: '/feeds/all.atom' },
      { path: '/feeds/all.json', headers: gzip },
      { path: '/feeds/sources/bao-ha-nam.rss', headers: gzip },
      { path: '/feeds/categories/van-hoa.atom', headers: gzip },
      { path: '/feeds/all.rss', headers: { 'if-none-match': '*' } },
      { path: '/feeds/' },
      { path: '/' },
      { path: '/healthz' },
      { path: '/subscribe' },
      { path: '/api/admin/sources', headers: { authorization: `Bearer ${process.env.SOAK_ADMIN_TOKEN}` } },
      { path: '/api/admin/sources' },
      { path: '/%E0%A4%A' },
      { path: '/feeds/none.rss' },
    ],
  });
  const summary: SoakLoadResult = {
    total: result.requests.total,
    perSecond: result.requests.average,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodeStats: result.statusCodeStats,
  };
  process.stdout.write(JSON.stringify(summary));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
