/**
 * Pipeline throughput: articles per second from fetch to feed written, through the embedded
 * stack (sample newspaper over HTTP → plan-ingest → SQS → ingest-source → DynamoDB + S3 →
 * SNS → SQS → build-feeds → S3), on a generated newspaper of N articles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleSource, startLocalStack } from '../infra/local/local-stack.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const TOPICS = [
  'giao thông',
  'nông nghiệp',
  'giáo dục',
  'y tế',
  'văn hóa',
  'du lịch',
  'đầu tư',
  'môi trường',
];

function generatedArticle(n: number) {
  const topic = TOPICS[n % TOPICS.length]!;
  return {
    title: `Bản tin số ${n}: Hà Nam đẩy mạnh phát triển ${topic}`,
    summary: `Tỉnh Hà Nam triển khai nhiều giải pháp mới về ${topic} trong năm 2026 (bài ${n}).`,
    paragraphs: Array.from(
      { length: 8 },
      (_, p) =>
        `Đoạn ${p + 1} của bài ${n}. Theo Sở ${topic}, trong 10 tháng đầu năm, toàn tỉnh đã thực hiện ${n * 7 + p} dự án, ` +
        `thu hút sự tham gia của hàng nghìn hộ dân tại các huyện Lý Nhân, Bình Lục, Thanh Liêm và thị xã Duy Tiên.`,
    ),
    category: topic,
    author: 'Phóng viên',
  };
}

export async function benchPipeline(
  count: number,
): Promise<{ articles: number; seconds: number; perSecond: number }> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dataDir = mkdtempSync(join(tmpdir(), 'bantin-bench-'));
  const stack = await startLocalStack({ projectRoot, dataDir, port: 8787, samplePort: 0 });
  try {
    for (let n = 1; n <= count; n++) {
      const response = await fetch(`${stack.sample.origin}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(generatedArticle(n)),
      });
      if (response.status !== 201)
        throw new Error(`publish failed: ${response.status} ${await response.text()}`);
    }
    await stack.sources.put({ ...sampleSource(stack.sample), maxArticlesPerPoll: Math.min(1000, count + 6) });
    // The fixture site adds its 6 articles to the generated ones.
    const started = performance.now();
    const summary = await stack.runCycle();
    const seconds = (performance.now() - started) / 1000;
    if (summary.failedSources.length > 0) throw new Error(`poll failed: ${summary.failedSources[0]?.error}`);
    if (summary.articlesFailed > 0) throw new Error(`${summary.articlesFailed} articles failed`);
    return { articles: summary.articlesNew, seconds, perSecond: summary.articlesNew / seconds };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
