/**
 * Soak: the local service as `npm start` runs it (embedded stack, runner polling the sample
 * newspaper, the HTTP server on 127.0.0.1) under load from autocannon in another process, with
 * articles published while it runs so feeds keep changing. Prints the server's memory before,
 * during and after (after a full GC), and what the load got.
 *   BENCH_SOAK_SECONDS=N       duration (default 60)
 *   BENCH_SOAK_CONNECTIONS=N   concurrent connections (default 50)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startHttpServer } from '../infra/local/http-server.js';
import { startLocalStack } from '../infra/local/local-stack.js';
import type { SoakLoadResult } from './soak-load.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

interface MemorySample {
  label: string;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  gzipCache: { entries: number; bytes: number };
}

/** A full collection: exposed at run time, so `npm run bench` needs no node flag. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchSoak(options: { seconds: number; connections: number }): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-soak-'));
  const port = await freePort();
  const stack = await startLocalStack({ projectRoot, dataDir, port, samplePort: 0 });
  const http = await startHttpServer({
    port,
    host: '127.0.0.1',
    s3: stack.aws.clients.s3,
    bucket: stack.aws.bucket,
    sources: stack.sources,
    api: stack.api,
    webhooks: stack.webhooks,
    outboxDir: stack.outboxDir,
  });
  const samples: MemorySample[] = [];
  const sample = (label: string) => {
    const memory = process.memoryUsage();
    const taken = { label, ...memory, gzipCache: http.gzipCacheStats() };
    samples.push(taken);
    console.log(
      `soak: ${label.padEnd(14)} rss ${mb(taken.rss)}, heap ${mb(taken.heapUsed)} of ${mb(taken.heapTotal)}, external ${mb(taken.external)}, gzip cache ${taken.gzipCache.entries} entries / ${mb(taken.gzipCache.bytes)}`,
    );
  };
  try {
    await stack.runCycle(); // the sample paper's articles, and every feed written once
    stack.runner.start({ everyMs: 5_000, input: { force: true } });
    collectGarbage();
    sample('before');

    let published = 0;
    const publisher = setInterval(() => {
      published++;
      void fetch(`${stack.sample.origin}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Bản tin thử tải số ${published}: Hà Nam mở rộng đường tỉnh`,
          summary: `Bài viết thứ ${published} được đăng trong lúc đo tải.`,
          paragraphs: [
            `Đoạn một của bài ${published}: tỉnh Hà Nam khởi công mở rộng tuyến đường nối Phủ Lý với Kim Bảng.`,
            `Đoạn hai của bài ${published}: công trình dự kiến hoàn thành trong năm tới, giảm ùn tắc giờ cao điểm.`,
          ],
          category: 'Xã hội',
        }),
      }).catch(() => {});
    }, 5_000);
    const sampler = setInterval(() => sample('during'), 10_000);
    let load: SoakLoadResult;
    try {
      load = await runLoad(http.url.replace('localhost', '127.0.0.1'), options, stack.adminToken);
    } finally {
      clearInterval(sampler);
      clearInterval(publisher);
    }
    sample('end of load');
    await stack.runner.stop();
    collectGarbage();
    sample('after GC');

    const statuses = Object.entries(load.statusCodeStats)
      .map(([status, { count }]) => `${status}: ${count}`)
      .join(', ');
    console.log(
      `soak: ${options.seconds} s at ${options.connections} connections: ${load.total} requests (${load.perSecond.toFixed(0)}/s), latency p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, max ${load.latency.max} ms; ${load.errors} errors, ${load.timeouts} timeouts; status ${statuses}; ${published} articles published meanwhile`,
    );
    const before = samples[0]!;
    const after = samples.at(-1)!;
    const peak = Math.max(...samples.map((s) => s.rss));
    console.log(
      `soak: memory rss ${mb(before.rss)} before, ${mb(peak)} at peak, ${mb(after.rss)} after GC (${after.rss >= before.rss ? '+' : ''}${mb(after.rss - before.rss)}); heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)}`,
    );
  } finally {
    await http.stop();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the load generator in its own process, so its memory is not counted as the server's. */
function runLoad(
  url: string,
  options: { seconds: number; connections: number },
  adminToken: string,
): Promise<SoakLoadResult> {
  const script = fileURLToPath(new URL('./soak-load.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script], {
      env: {
        ...process.env,
        SOAK_URL: url,
        SOAK_SECONDS: String(options.seconds),
        SOAK_CONNECTIONS: String(options.connections),
        SOAK_ADMIN_TOKEN: adminToken,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      resolve(JSON.parse(output) as SoakLoadResult);
    });
  });
}
