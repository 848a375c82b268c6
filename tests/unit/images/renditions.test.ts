import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  COPY_ENCODING,
  ImageRefused,
  jpegScanCount,
  MAX_JPEG_SCANS,
  makeRenditions,
} from '../../../shared/ingest/images/renditions.js';
import { fixturesDir } from '../../support/fixtures.js';
import { animatedGif, picture, readImage } from '../../support/images.js';

const HASH = 'a'.repeat(64);
const PHOTOS = readdirSync(join(fixturesDir, 'photos')).filter((name) => name.endsWith('.jpg'));

describe('makeRenditions', () => {
  it('makes an 800 px WebP copy for feeds and a 552 px JPEG one for mail of a wide photo, keeping its proportions', async () => {
    const bytes = await picture('jpeg', 2400, 1600);
    const { original, feed, mail } = await makeRenditions(bytes, HASH, 'jpeg');
    expect(original).toMatchObject({ name: `${HASH}.jpg`, type: 'image/jpeg', width: 2400, height: 1600 });
    expect(original.bytes).toBe(bytes.length);
    expect(feed).toMatchObject({ name: `${HASH}-800.webp`, type: 'image/webp', width: 800, height: 533 });
    expect(mail).toMatchObject({ name: `${HASH}-552.jpg`, type: 'image/jpeg', width: 552, height: 368 });
    expect(await readImage(feed.body)).toMatchObject({ format: 'webp', width: 800, height: 533 });
    expect(await readImage(mail.body)).toMatchObject({ format: 'jpeg', width: 552, height: 368 });
    expect(feed.bytes).toBe(feed.body.length);
    expect(mail.bytes).toBe(mail.body.length);
  });

  it('makes feed copies of real photos lighter than JPEG at the quality mail copies use', async () => {
    for (const name of PHOTOS) {
      const bytes = readFileSync(join(fixturesDir, 'photos', name));
      const { feed } = await makeRenditions(bytes, HASH, 'jpeg');
      expect(feed.type, name).toBe('image/webp');
      const asJpeg = await COPY_ENCODING.mail.opaque.encode(sharp(bytes)).toBuffer();
      expect(feed.bytes, name).toBeLessThan(asJpeg.length * 0.85);
    }
  });

  it('never upscales, and a narrow original serves as its own copy only where it is no heavier', async () => {
    // One colour: the copies made weigh almost nothing, so they serve.
    const flat = await makeRenditions(await picture('jpeg', 800, 500), HASH, 'jpeg');
    expect(flat.feed).toMatchObject({ name: `${HASH}-800.webp`, width: 800, height: 500 });
    expect(flat.mail).toMatchObject({ name: `${HASH}-552.jpg`, width: 552, height: 345 });
    // A photo already compressed hard: copying it would only add bytes.
    const light = await sharp(readFileSync(join(fixturesDir, 'photos', 'chelsea.jpg')))
      .jpeg({ quality: 20 })
      .toBuffer();
    const small = await makeRenditions(light, HASH, 'jpeg');
    expect(small.feed).toBe(small.original);
    expect(small.mail).toBe(small.original);
  });

  it('gives mail no WebP or AVIF: their mail copies are JPEG, at no more than their own width', async () => {
    for (const format of ['webp', 'avif'] as const) {
      const { original, feed, mail } = await makeRenditions(await picture(format, 500, 400), HASH, format);
      expect(original).toMatchObject({ name: `${HASH}.${format}`, type: `image/${format}`, width: 500 });
      expect(feed.type).toBe('image/webp');
      expect(feed).toMatchObject({ width: 500, height: 400 });
      expect(mail).toMatchObject({ name: `${HASH}-500.jpg`, type: 'image/jpeg', width: 500, height: 400 });
    }
  });

  it('keeps transparency: the feed copy is lossless WebP with its alpha, the mail copy PNG', async () => {
    const { feed, mail } = await makeRenditions(
      await picture('webp', 1500, 1000, { alpha: true }),
      HASH,
      'webp',
    );
    expect(feed).toMatchObject({ name: `${HASH}-800.webp`, type: 'image/webp', width: 800, height: 533 });
    expect(await sharp(feed.body).metadata()).toMatchObject({ format: 'webp', hasAlpha: true });
    expect(mail).toMatchObject({ name: `${HASH}-552.png`, type: 'image/png', width: 552, height: 368 });
    expect((await readImage(mail.body)).format).toBe('png');
  });

  it('serves an animated GIF as it is, to keep its animation', async () => {
    const gif = await animatedGif(1300, 100, 3);
    expect((await readImage(gif)).pages).toBe(3);
    const { original, feed, mail } = await makeRenditions(gif, HASH, 'gif');
    expect(feed).toBe(original);
    expect(mail).toBe(original);
  });

  it('refuses an animation of more pixels in all its frames than allowed (served as it is, every reader decodes them)', async () => {
    // 2,000 frames of one colour on a 1000×1000 canvas: a few kilobytes, 2 billion pixels.
    const u16 = (n: number) => [n & 255, n >> 8];
    const frame = [
      0x21,
      0xf9,
      4,
      0,
      1,
      0,
      0,
      0,
      0x2c,
      0,
      0,
      0,
      0,
      ...u16(1000),
      ...u16(1000),
      0,
      2,
      2,
      0x4c,
      0x01,
      0,
    ];
    const gif = Buffer.from([
      ...Buffer.from('GIF89a'),
      ...u16(1000),
      ...u16(1000),
      0x80,
      0,
      0,
      0,
      0,
      0,
      255,
      255,
      255,
      ...Array.from({ length: 2_000 }, () => frame).flat(),
      0x3b,
    ]);
    expect(gif.length).toBeLessThan(100_000);
    await expect(makeRenditions(gif, HASH, 'gif')).rejects.toThrow(
      /2,000 frames of 1000×1000 pixels: more than the 500,000,000 allowed in one animation/,
    );
  });

  it('refuses bytes that begin as one format and are not a readable image of it', async () => {
    const truncated = (await picture('jpeg', 50, 50)).subarray(0, 20);
    await expect(makeRenditions(truncated, HASH, 'jpeg')).rejects.toThrow(ImageRefused);
    const png = await picture('png', 50, 50);
    await expect(makeRenditions(png, HASH, 'jpeg')).rejects.toThrow(/begin as jpeg but decode as png/);
  });

  it('refuses an image of more pixels than allowed before decoding them', async () => {
    // A 10000×6000 PNG of one colour is a few kilobytes and 60 million pixels.
    const bomb = await picture('png', 10_000, 6_000);
    expect(bomb.length).toBeLessThan(1_000_000);
    await expect(makeRenditions(bomb, HASH, 'png')).rejects.toThrow(/more than the 50,000,000 allowed/);
  });

  it('makes a copy of a very tall picture narrower, as tall as WebP holds (attack run 18, F4)', async () => {
    // Taller than WebP's 16,383 pixels at the copies' widths: sharp failed, and the image was
    // fetched again at every poll, then linked at the paper.
    for (const [format, width, height] of [
      ['png', 900, 20_000],
      ['jpeg', 400, 19_000],
    ] as const) {
      const { original, feed, mail } = await makeRenditions(
        await picture(format, width, height),
        HASH,
        format,
      );
      expect(original).toMatchObject({ width, height });
      expect(feed.height, `${width}×${height}`).toBe(16_383);
      for (const copy of [feed, mail]) {
        expect(copy.height, `${width}×${height}`).toBeLessThanOrEqual(16_383);
        expect(copy.width).toBeLessThan(width);
        expect(await readImage(Buffer.from(copy.body))).toMatchObject({
          width: copy.width,
          height: copy.height,
        });
      }
    }
    // An infographic within the limit keeps the channel's width.
    const { feed } = await makeRenditions(await picture('jpeg', 1000, 12_000), HASH, 'jpeg');
    expect(feed).toMatchObject({ width: 800, height: 9600 });
  });

  it('refuses a picture far longer one way than the other before decoding it (a 1×49,000,000 PNG took 12 s)', async () => {
    await expect(makeRenditions(await picture('png', 1, 5_000), HASH, 'png')).rejects.toThrow(
      /1×5000 pixels: more than 160 times as tall as it is wide/,
    );
    await expect(makeRenditions(await picture('jpeg', 20_000, 100), HASH, 'jpeg')).rejects.toThrow(
      ImageRefused,
    );
    // A panorama is a picture, and so is a long infographic (a copy narrower, within WebP's height).
    const { original } = await makeRenditions(await picture('jpeg', 4_000, 400), HASH, 'jpeg');
    expect(original).toMatchObject({ width: 4000, height: 400 });
    const long = await makeRenditions(await picture('jpeg', 750, 38_000), HASH, 'jpeg');
    expect(long.feed).toMatchObject({ width: 323, height: 16_383 });
    expect(long.mail.height).toBeLessThanOrEqual(16_383);
  });

  it('copies a JPEG cut short by a few bytes, as browsers show it', async () => {
    const whole = await picture('jpeg', 600, 400);
    for (const cut of [2, Math.round(whole.length / 10)]) {
      const { original, feed } = await makeRenditions(whole.subarray(0, whole.length - cut), HASH, 'jpeg');
      expect(original).toMatchObject({ width: 600, height: 400 });
      expect((await readImage(Buffer.from(feed.body))).width).toBe(600);
    }
  });

  it("checks a GIF's own canvas, which browsers draw, not its frames' size", async () => {
    // An animation of 2×2 frames on a 20000×20000 canvas: libvips reports the frames.
    const gif = Buffer.from(await animatedGif(2, 2, 3));
    gif.writeUInt16LE(20_000, 6);
    gif.writeUInt16LE(20_000, 8);
    await expect(makeRenditions(gif, HASH, 'gif')).rejects.toThrow(/20000×20000 pixels: more than/);
    gif.writeUInt16LE(300, 6);
    gif.writeUInt16LE(200, 8);
    const { original } = await makeRenditions(gif, HASH, 'gif');
    expect(original).toMatchObject({ width: 300, height: 200 });
  });
});

/**
 * A valid progressive JPEG whose AC coefficients are sent one at a time, each in 14
 * successive-approximation scans (3 × 63 × 14 = 2,646 scans): attack run 22's file, small.
 */
async function scanHeavyJpeg(size: number): Promise<Buffer> {
  const base = await sharp({ create: { width: size, height: size, channels: 3, background: '#808080' } })
    .jpeg({ progressive: true, quality: 80, chromaSubsampling: '4:4:4' })
    .toBuffer();
  const out: Buffer[] = [base.subarray(0, 2)];
  const acScans = new Map<number, { table: Buffer | null; scan: Buffer }>();
  let table: Buffer | null = null;
  let at = 2;
  while (at < base.length) {
    const marker = base[at + 1]!;
    if (marker === 0xd9) break;
    let end = at + 2 + base.readUInt16BE(at + 2);
    if (marker === 0xda) {
      while (
        end < base.length &&
        !(base[end] === 0xff && base[end + 1] !== 0 && !(base[end + 1]! >= 0xd0 && base[end + 1]! <= 0xd7))
      )
        end++;
    }
    const segment = base.subarray(at, end);
    at = end;
    if (marker === 0xc4) {
      table = segment;
      out.push(segment);
    } else if (marker === 0xda) {
      const components = segment[4]!;
      if (segment[5 + 2 * components] === 0) out.push(segment);
      else if (!acScans.has(segment[5]!)) acScans.set(segment[5]!, { table, scan: segment });
      table = null;
    } else out.push(segment);
  }
  for (const { table: acTable, scan } of acScans.values()) {
    for (let k = 1; k <= 63; k++) {
      for (let step = 0; step <= 13; step++) {
        const copy = Buffer.from(scan);
        copy[7] = k;
        copy[8] = k;
        copy[9] = ((step === 0 ? 0 : 14 - step) << 4) | (step === 0 ? 13 : 13 - step);
        if (acTable) out.push(acTable);
        out.push(copy);
      }
    }
  }
  out.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(out);
}

describe('JPEG scans (attack run 22)', () => {
  it('counts the scans of ordinary JPEGs, baseline and progressive, and of real photos, all under the limit', async () => {
    const baseline = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    expect(jpegScanCount(baseline)).toBe(1);
    const progressive = await picture('jpeg', 640, 480);
    expect(jpegScanCount(await sharp(progressive).jpeg({ progressive: true }).toBuffer())).toBeGreaterThan(1);
    for (const name of PHOTOS) {
      const count = jpegScanCount(readFileSync(join(fixturesDir, 'photos', name)));
      expect(count, name).toBeGreaterThanOrEqual(1);
      expect(count, name).toBeLessThanOrEqual(MAX_JPEG_SCANS);
    }
  });

  it('refuses a JPEG of thousands of scans before decoding a pixel of it', async () => {
    const bytes = await scanHeavyJpeg(64);
    // libvips reads it: a valid file, only slow (34 s of CPU at 7071 × 7071).
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
    expect(jpegScanCount(bytes)).toBe(MAX_JPEG_SCANS + 1);
    expect(jpegScanCount(bytes, 10_000)).toBeGreaterThan(2646); // and the DC scans kept
    await expect(makeRenditions(bytes, HASH, 'jpeg')).rejects.toThrow(ImageRefused);
    await expect(makeRenditions(bytes, HASH, 'jpeg')).rejects.toThrow(/more than 100 scans/);
  });
});
