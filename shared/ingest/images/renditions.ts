/**
 * Bantin's copies of one image, made with sharp: the original as fetched, a copy at most 800 px
 * wide for feeds and one at most 600 px wide for mail. A copy is never wider than the original
 * (no upscaling) and is JPEG, PNG or GIF, which every reader and mail client shows; an original
 * that already is one of those and narrow enough serves as its own copy.
 */
import type { Metadata } from 'sharp';
import type { MediaFileInfo } from '../../ports.js';
import { IMAGE_FORMATS, type ImageFormat } from './sniff.js';

/** Feed readers show an article column of 600 to 700 px; each aggregator loads the copy once, so its bytes are most of what images cost. */
export const FEED_WIDTH = 800;
export const MAIL_WIDTH = 600;
/** Checked before any pixel is decoded: a small file can unpack to gigabytes. */
export const MAX_PIXELS = 50_000_000;
const JPEG_QUALITY = 80;

export interface MediaFile extends MediaFileInfo {
  body: Uint8Array;
}

export interface Renditions {
  original: MediaFile;
  feed: MediaFile;
  mail: MediaFile;
}

/** The bytes are not an image Bantin will copy: final, retrying cannot help. */
export class ImageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRefused';
  }
}

/** Formats served as they are; the others (WebP, AVIF) are re-encoded for readers and mail. */
const SERVED_AS_IS = new Set<ImageFormat>(['jpeg', 'png', 'gif']);
/** Warnings of slightly damaged files (common on papers' sites) are tolerated; errors are not. */
const INPUT = { limitInputPixels: MAX_PIXELS, failOn: 'error' } as const;

export async function makeRenditions(
  bytes: Uint8Array,
  hash: string,
  format: ImageFormat,
): Promise<Renditions> {
  // Loaded on first use: functions that never resize an image do not pay for the native library.
  const { default: sharp } = await import('sharp');
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixel: the size is checked below, with a clear message.
    metadata = await sharp(bytes, { ...INPUT, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageRefused(`an unreadable ${format} file: ${error instanceof Error ? error.message : error}`);
  }
  // libvips reads AVIF with its HEIF loader.
  const decodedAs = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  if (decodedAs !== format) {
    throw new ImageRefused(`its bytes begin as ${format} but decode as ${metadata.format ?? 'nothing'}`);
  }
  const { width, height } = metadata.autoOrient;
  if (width * height > MAX_PIXELS) {
    throw new ImageRefused(
      `${width}×${height} pixels: more than the ${MAX_PIXELS.toLocaleString('en')} allowed`,
    );
  }
  const { type, extension } = IMAGE_FORMATS[format];
  const original: MediaFile = {
    name: `${hash}.${extension}`,
    type,
    width,
    height,
    bytes: bytes.length,
    body: bytes,
  };
  // An animated GIF keeps its animation: it is served as it is, whatever its width.
  const asIs = (maxWidth: number) =>
    SERVED_AS_IS.has(format) && (width <= maxWidth || (format === 'gif' && (metadata.pages ?? 1) > 1));

  const resized = async (maxWidth: number): Promise<MediaFile> => {
    const pipeline = sharp(bytes, INPUT).autoOrient().resize({ width: maxWidth, withoutEnlargement: true });
    const transparent = metadata.hasAlpha;
    const { data, info } = await (transparent
      ? pipeline.png({ compressionLevel: 9 })
      : pipeline.jpeg({ quality: JPEG_QUALITY, progressive: true })
    ).toBuffer({ resolveWithObject: true });
    const out = transparent ? IMAGE_FORMATS.png : IMAGE_FORMATS.jpeg;
    return {
      name: `${hash}-${info.width}.${out.extension}`,
      type: out.type,
      width: info.width,
      height: info.height,
      bytes: data.length,
      body: data,
    };
  };

  const feed = asIs(FEED_WIDTH) ? original : await resized(FEED_WIDTH);
  const mail = asIs(MAIL_WIDTH) ? original : feed.width <= MAIL_WIDTH ? feed : await resized(MAIL_WIDTH);
  return { original, feed, mail };
}
