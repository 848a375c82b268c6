/**
 * An animated WebP or PNG (APNG) is never served as it is: its copies are stills of the first
 * frame, however light the file (attack run 39: a 2,000-frame animation no heavier than its copy
 * was served as the feed copy, with no cap on its frames). An animated GIF keeps its animation,
 * under the cap of MAX_ANIMATION_PIXELS (renditions.test.ts).
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  apngFrames,
  MAX_ANIMATION_PIXELS,
  makeRenditions,
} from '../../../shared/ingest/images/renditions.js';

const HASH = 'a'.repeat(64);
const W = 800;
const H = 800;

/** An 800×800 canvas: a noisy first frame at quality 1, then 2×2 frames until the file weighs as much as the copy. */
async function frameBomb(): Promise<{ file: Buffer; frames: number }> {
  const noise = Buffer.alloc(W * H * 3);
  let s = 12345;
  for (let i = 0; i < noise.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    noise[i] = s >> 23;
  }
  const first = await sharp(noise, { raw: { width: W, height: H, channels: 3 } })
    .webp({ quality: 1 })
    .toBuffer();
  const copy = await sharp(first).webp({ quality: 80, effort: 6 }).toBuffer();
  const tiny = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#f00' } })
    .webp({ lossless: true })
    .toBuffer();
  const u24 = (n: number) => Buffer.from([n & 255, (n >> 8) & 255, (n >> 16) & 255]);
  const chunk = (tag: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(tag, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  };
  const frame = (x: number, y: number, w: number, h: number, image: Buffer) =>
    chunk(
      'ANMF',
      Buffer.concat([
        u24(x / 2),
        u24(y / 2),
        u24(w - 1),
        u24(h - 1),
        u24(20),
        Buffer.from([2]),
        image.subarray(12),
      ]),
    );
  const parts = [frame(0, 0, W, H, first)];
  const tinyLength = frame(0, 0, 2, 2, tiny).length;
  const more = Math.floor((copy.length - parts[0]!.length - 60) / tinyLength);
  for (let k = 0; k < more; k++)
    parts.push(frame((2 * k) % W, (2 * Math.floor((2 * k) / W)) % H, 2, 2, tiny));
  const body = Buffer.concat([
    Buffer.from('WEBP'),
    chunk('VP8X', Buffer.concat([Buffer.from([2, 0, 0, 0]), u24(W - 1), u24(H - 1)])),
    chunk('ANIM', Buffer.alloc(6)),
    ...parts,
  ]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return { file: Buffer.concat([head, body]), frames: parts.length };
}

describe('an animated WebP', () => {
  it('is copied as a still of its first frame, even when the file is no heavier than the copy', async () => {
    const { file, frames } = await frameBomb();
    expect((await sharp(file).metadata()).pages).toBe(frames);
    expect(frames * W * H).toBeGreaterThan(MAX_ANIMATION_PIXELS);
    const { original, feed, mail } = await makeRenditions(file, HASH, 'webp');
    for (const copy of [feed, mail]) {
      expect(copy).not.toBe(original);
      expect((await sharp(Buffer.from(copy.body)).metadata()).pages ?? 1).toBe(1);
    }
  }, 60_000);
});

/** An APNG on an 800×800 canvas: a 1-bit checkerboard first frame, then 2,000 frames of 8×1 pixels. */
function apngBomb(frames = 2000): Buffer {
  const crc32 = (buf: Buffer) => {
    let crc = 0xffffffff;
    for (const byte of buf) {
      let c = (crc ^ byte) & 0xff;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crc = (crc >>> 8) ^ c;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(4 + td.length + 4);
    out.writeUInt32BE(data.length, 0);
    td.copy(out, 4);
    out.writeUInt32BE(crc32(td), 8 + data.length);
    return out;
  };
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const u16 = (n: number) => Buffer.from([n >>> 8, n & 255]);
  const rowA = Buffer.alloc(1 + W / 8, 0xaa);
  const rowB = Buffer.alloc(1 + W / 8, 0x55);
  rowA[0] = 0;
  rowB[0] = 0;
  const ihdr = Buffer.concat([u32(W), u32(H), Buffer.from([1, 3, 0, 0, 0])]);
  let seq = 0;
  const fctl = (w: number, h: number, x: number, y: number) =>
    chunk(
      'fcTL',
      Buffer.concat([u32(seq++), u32(w), u32(h), u32(x), u32(y), u16(1), u16(50), Buffer.from([0, 0])]),
    );
  const parts = [
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr),
    chunk('acTL', Buffer.concat([u32(frames + 1), u32(0)])),
    chunk('PLTE', Buffer.from([0, 0, 0, 255, 255, 255])),
    fctl(W, H, 0, 0),
    chunk(
      'IDAT',
      deflateSync(Buffer.concat(Array.from({ length: H }, (_, y) => (y % 2 ? rowB : rowA))), { level: 9 }),
    ),
  ];
  for (let k = 0; k < frames; k++) {
    parts.push(fctl(8, 1, (8 * k) % W, Math.floor((8 * k) / W) % H));
    parts.push(chunk('fdAT', Buffer.concat([u32(seq++), deflateSync(Buffer.from([0, 0xff]))])));
  }
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

describe('an animated PNG', () => {
  it('does not serve a 2,001-frame APNG (1.28 billion pixels in all) as the feed copy', async () => {
    const png = apngBomb();
    expect((await sharp(png).metadata()).pages ?? 1).toBe(1); // libvips sees the first frame only
    expect(apngFrames(png)).toBe(2001);
    const { original, feed, mail } = await makeRenditions(png, HASH, 'png');
    expect(feed).not.toBe(original);
    expect(mail).not.toBe(original);
    expect(apngFrames(Buffer.from(feed.body))).toBe(1);
  }, 60_000);
});
