/** Real image files made with sharp, for tests of sniffing, resizing and re-hosting. */
import sharp from 'sharp';

export type TestFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

/**
 * A `width`×`height` picture in `format`, of one colour drawn from `seed` (an integer below 2^24:
 * two seeds give different bytes, one seed the same bytes); `alpha` makes it half transparent.
 */
export async function picture(
  format: TestFormat,
  width: number,
  height: number,
  options: { seed?: number; alpha?: boolean } = {},
): Promise<Buffer> {
  const seed = options.seed ?? 1;
  const image = sharp({
    create: {
      width,
      height,
      channels: options.alpha ? 4 : 3,
      background: {
        r: seed % 256,
        g: Math.floor(seed / 256) % 256,
        b: Math.floor(seed / 65536) % 256,
        alpha: 0.5,
      },
    },
  });
  switch (format) {
    case 'jpeg':
      return image.jpeg().toBuffer();
    case 'png':
      return image.png().toBuffer();
    case 'gif':
      return image.gif().toBuffer();
    case 'webp':
      return image.webp().toBuffer();
    case 'avif':
      return image.avif({ effort: 0 }).toBuffer();
  }
}

/** An animated GIF of `frames` frames (each a different colour). */
export async function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const pages = await Promise.all(
    Array.from({ length: frames }, (_, i) => picture('png', width, height, { seed: (i + 1) * 0x3c5a78 })),
  );
  return sharp(pages, { join: { animated: true } })
    .gif({ delay: 100 })
    .toBuffer();
}

/** Width, height, format and frame count as sharp reads the bytes. */
export async function readImage(bytes: Uint8Array) {
  const metadata = await sharp(bytes).metadata();
  return {
    format: metadata.format,
    width: metadata.width,
    height: metadata.height,
    pages: metadata.pages ?? 1,
  };
}
