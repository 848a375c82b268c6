/**
 * The images bench: re-hosting photo-like images of the sizes papers publish (JPEG and WebP,
 * 800 to 2000 px wide) through ImageHosting, as ingest does: the time to sniff, hash and make
 * the copies, the bytes of each copy, and the S3 requests per image, priced per 10,000 images
 * at the unit prices the README's cost notes assume.
 */
import { relative } from 'node:path';
import sharp from 'sharp';
import type { Article } from '../shared/domain/article.js';
import { ImageHosting } from '../shared/ingest/images/rehost-images.js';
import type { MediaStore, StoredMedia } from '../shared/ports.js';
import { measureCopyBytes } from './photo-bytes.js';

/** ap-southeast-1 list prices (USD). */
const PRICES = { s3PerPut: 0.005 / 1000, s3PerGet: 0.0004 / 1000, s3PerGbMonth: 0.025 };
const SIZES = [
  [2000, 1333],
  [1600, 1067],
  [1200, 800],
  [800, 533],
] as const;

/** Counts what re-hosting asks of the media store. */
class CountingMedia implements MediaStore {
  readonly records = new Map<string, StoredMedia>();
  puts = 0;
  gets = 0;
  bytes = 0;
  async find(name: string) {
    this.gets++;
    return this.records.get(name);
  }
  async putFile(name: string, body: Uint8Array, _type: string, options?: { record?: StoredMedia }) {
    this.puts++;
    this.bytes += body.length;
    if (options?.record) this.records.set(name, options.record);
  }
}

/** Smooth light and shade with a fine grain, as a photo has: neither flat nor noise. */
async function photo(width: number, height: number, seed: number, format: 'jpeg' | 'webp'): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const grain = (state >> 16) % 16;
      const i = (y * width + x) * 3;
      const wave = Math.sin((x + seed * 37) / 90) * 40 + Math.cos(y / 70) * 30;
      raw[i] = Math.max(0, Math.min(255, 120 + wave + grain));
      raw[i + 1] = Math.max(0, Math.min(255, (y * 180) / height + grain));
      raw[i + 2] = Math.max(0, Math.min(255, 200 - wave + grain));
    }
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? image.jpeg({ quality: 85 }).toBuffer() : image.webp({ quality: 80 }).toBuffer();
}

export async function benchImages(count: number): Promise<void> {
  console.log(`images: generating ${count} photos…`);
  const photos: { url: string; body: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const [width, height] = SIZES[i % SIZES.length]!;
    const format = i % 3 === 2 ? 'webp' : 'jpeg';
    photos.push({
      url: `https://bao.example.vn/anh/${i}.${format}`,
      body: await photo(width, height, i + 1, format),
    });
  }
  const bodies = new Map(photos.map((p) => [p.url, p.body]));
  const media = new CountingMedia();
  const hosting = new ImageHosting({
    fetch: async (url) => ({
      url,
      status: 200,
      notModified: false,
      contentType: 'image/jpeg',
      body: bodies.get(url)!,
    }),
    allowLoopback: false,
    media,
    mediaBaseUrl: 'https://cdn.example/media',
  });
  const times: number[] = [];
  const copies = { original: 0, feed: 0, mail: 0 };
  const started = performance.now();
  for (const [i, { url }] of photos.entries()) {
    const t = performance.now();
    const article = await hosting.rehost(articleShowing(i, url));
    times.push(performance.now() - t);
    const hosted = article.images[0]!.hosted!;
    copies.original += hosted.original.bytes;
    copies.feed += hosted.feed.bytes;
    copies.mail += hosted.mail.bytes;
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const kb = (bytes: number) => `${Math.round(bytes / count / 1024)} KB`;
  const per10k = (n: number) => (n / count) * 10_000;
  const gbPer10k = per10k(media.bytes) / 1024 ** 3;
  console.log(
    `images: ${count} photos (800-2000 px wide, JPEG and WebP) re-hosted in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(1)} images/s;` +
      ` per image median ${times[Math.floor(count / 2)]!.toFixed(0)} ms, p90 ${times[Math.floor(count * 0.9)]!.toFixed(0)} ms (one process, sniff + hash + copies)`,
  );
  console.log(
    `images: bytes per image: original ${kb(copies.original)}, feed copy ${kb(copies.feed)}, mail copy ${kb(copies.mail)};` +
      ` stored ${kb(media.bytes)} (an original narrow enough serves as its own copy)`,
  );
  const real = await measureCopyBytes();
  const folder = relative(process.cwd(), real.folder) || real.folder;
  console.log(
    `images: copies of ${real.photos} real photos (${folder}): feed ${real.feed.types.join('/')} ${(real.feed.bytesPerPixel * 8).toFixed(2)} bits a pixel` +
      ` (as JPEG q80: ${(real.feedAsJpegBytesPerPixel * 8).toFixed(2)}), mail ${real.mail.types.join('/')} ${(real.mail.bytesPerPixel * 8).toFixed(2)} bits a pixel`,
  );
  console.log(
    `images: S3 per image ${(media.puts / count).toFixed(2)} PUTs, ${(media.gets / count).toFixed(2)} GETs;` +
      ` per 10,000 images $${(per10k(media.puts) * PRICES.s3PerPut).toFixed(3)} of PUTs, $${(per10k(media.gets) * PRICES.s3PerGet).toFixed(4)} of GETs,` +
      ` ${gbPer10k.toFixed(2)} GB stored = $${(gbPer10k * PRICES.s3PerGbMonth).toFixed(3)} a month in S3 Standard`,
  );
}

function articleShowing(i: number, url: string): Article {
  const page = `https://bao.example.vn/tin/${i}.html`;
  return {
    id: i.toString(16).padStart(24, '0'),
    sourceId: 'bao',
    url: page,
    canonicalUrl: page,
    title: `Bài ${i}`,
    summary: '',
    contentHtml: `<figure><img src="${url}" alt=""></figure>`,
    contentText: 'Nội dung.',
    publishedAt: '2026-11-27T08:00:00+07:00',
    updatedAt: '2026-11-27T08:00:00+07:00',
    author: '',
    images: [{ url, caption: '' }],
    categories: [],
    attribution: '',
    language: 'vi',
    fingerprint: '0123456789abcdef',
    ingestedAt: '2026-11-27T08:00:00+07:00',
  };
}
