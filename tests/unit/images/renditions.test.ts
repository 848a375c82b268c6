import { describe, expect, it } from 'vitest';
import { ImageRefused, makeRenditions } from '../../../shared/ingest/images/renditions.js';
import { animatedGif, picture, readImage } from '../../support/images.js';

const HASH = 'a'.repeat(64);

describe('makeRenditions', () => {
  it('makes an 800 px copy for feeds and a 600 px one for mail of a wide photo, keeping its proportions', async () => {
    const bytes = await picture('jpeg', 2400, 1600);
    const { original, feed, mail } = await makeRenditions(bytes, HASH, 'jpeg');
    expect(original).toMatchObject({ name: `${HASH}.jpg`, type: 'image/jpeg', width: 2400, height: 1600 });
    expect(original.bytes).toBe(bytes.length);
    expect(feed).toMatchObject({ name: `${HASH}-800.jpg`, type: 'image/jpeg', width: 800, height: 533 });
    expect(mail).toMatchObject({ name: `${HASH}-600.jpg`, type: 'image/jpeg', width: 600, height: 400 });
    expect(await readImage(feed.body)).toMatchObject({ format: 'jpeg', width: 800, height: 533 });
    expect(await readImage(mail.body)).toMatchObject({ format: 'jpeg', width: 600, height: 400 });
    expect(feed.bytes).toBe(feed.body.length);
  });

  it('never upscales: a narrower JPEG serves as its own feed copy and, under 600 px, as its mail copy', async () => {
    const medium = await makeRenditions(await picture('jpeg', 800, 500), HASH, 'jpeg');
    expect(medium.feed).toBe(medium.original);
    expect(medium.mail).toMatchObject({ width: 600, height: 375 });
    const small = await makeRenditions(await picture('png', 300, 200), HASH, 'png');
    expect(small.feed).toBe(small.original);
    expect(small.mail).toBe(small.original);
  });

  it('re-encodes WebP and AVIF as JPEG for readers and mail, at no more than their own width', async () => {
    for (const format of ['webp', 'avif'] as const) {
      const { original, feed, mail } = await makeRenditions(await picture(format, 500, 400), HASH, format);
      expect(original).toMatchObject({ name: `${HASH}.${format}`, type: `image/${format}`, width: 500 });
      expect(feed).toMatchObject({ name: `${HASH}-500.jpg`, type: 'image/jpeg', width: 500, height: 400 });
      expect(mail).toBe(feed);
    }
  });

  it('keeps transparency: copies of a transparent image are PNG', async () => {
    const { feed } = await makeRenditions(await picture('webp', 1500, 1000, { alpha: true }), HASH, 'webp');
    expect(feed).toMatchObject({ name: `${HASH}-800.png`, type: 'image/png', width: 800, height: 533 });
    expect((await readImage(feed.body)).format).toBe('png');
  });

  it('serves an animated GIF as it is, to keep its animation', async () => {
    const gif = await animatedGif(1300, 100, 3);
    expect((await readImage(gif)).pages).toBe(3);
    const { original, feed, mail } = await makeRenditions(gif, HASH, 'gif');
    expect(feed).toBe(original);
    expect(mail).toBe(original);
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
});
