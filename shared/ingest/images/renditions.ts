/**
 * Bantin's copies of one image, made with sharp: the original as fetched, a copy at most 800 px
 * wide for feeds and one at most 552 px wide for mail. A copy is never wider than the original
 * (no upscaling). Feed copies are WebP, which every current browser shows (and so the readers
 * that render with one); mail copies are JPEG or PNG, as Outlook for Windows shows no WebP. An
 * original that the channel shows, narrow enough and no heavier than the copy made of it, serves
 * as its own copy.
 */
import type { Metadata, Sharp } from 'sharp';
import type { MediaFileInfo } from '../../ports.js';
import { IMAGE_FORMATS, type ImageFormat } from './sniff.js';

/** Feed readers show an article column of 600 to 700 px; each aggregator loads the copy once, so its bytes are most of what images cost. */
export const FEED_WIDTH = 800;
/** The digest's image column (IMAGE_WIDTH in shared/mail/render/digest.ts): mail clients show the copy pixel for pixel. */
export const MAIL_WIDTH = 552;
/**
 * The most one side of a picture may be longer than the other: a Chinese paper's long infographic
 * is 50 times as tall as wide (750×38,000), and its copy, 16,383 px tall, still 323 px wide. Beyond
 * 160 a copy would be under 103 px wide: spacers, rules and hostile files (1×49,000,000 pixels in
 * 95 KB took 12 s of CPU to copy).
 */
export const MAX_ASPECT_RATIO = 160;
/** The tallest copy: WebP's limit (16,383 pixels a side). */
export const MAX_COPY_HEIGHT = 16_383;
/** Checked before any pixel is decoded: a small file can unpack to gigabytes. */
export const MAX_PIXELS = 50_000_000;
/**
 * Pixels of all an animation's frames together: served as it is, an animated GIF is decoded by
 * every reader's client, frame after frame (100,000 frames of 2000×2000 fit in 2.3 MB).
 */
export const MAX_ANIMATION_PIXELS = 500_000_000;

/**
 * Scans a JPEG may hold. A progressive JPEG has about ten (libjpeg's script for colour; encoders
 * that optimize their scripts stay under 64); each scan is decoded over the whole picture, so a
 * file of 2,646 scans under 1 MB took 34 s of CPU to copy once, and past a poll's time in Lambda.
 */
export const MAX_JPEG_SCANS = 100;
/** The longest sharp may take to make one copy: an ordinary 50-megapixel progressive JPEG takes about 1.5 s. */
export const COPY_TIMEOUT_SECONDS = 20;

/**
 * The scans (SOS segments) of a JPEG, counted up to `limit + 1` by walking its segments and the
 * entropy-coded data between them (a 0xFF there is followed by 0x00 or a restart marker). Linear.
 */
export function jpegScanCount(bytes: Uint8Array, limit = MAX_JPEG_SCANS): number {
  let scans = 0;
  let at = 2; // after SOI
  while (at + 3 < bytes.length && scans <= limit) {
    if (bytes[at] !== 0xff) return scans; // not a marker where one must be: libvips judges the rest
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) return scans; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // no length
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    at += 2 + length;
    if (marker !== 0xda) continue;
    scans++;
    // The entropy-coded data runs to the next marker that is neither a stuffed 0xFF nor a restart.
    while (at + 1 < bytes.length) {
      if (bytes[at] === 0xff) {
        const next = bytes[at + 1]!;
        if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
      }
      at++;
    }
  }
  return scans;
}

type Channel = 'feed' | 'mail';
type Encoding = { format: ImageFormat; encode: (image: Sharp) => Sharp };

/**
 * How each channel's copies are encoded, for opaque and transparent images. WebP at quality 80,
 * effort 6 matched the SSIM of JPEG at quality 80 on the photos of tests/fixtures/photos with
 * 28 % fewer bytes; transparent images stay lossless.
 */
export const COPY_ENCODING: Record<Channel, Record<'opaque' | 'transparent', Encoding>> = {
  feed: {
    opaque: { format: 'webp', encode: (image) => image.webp({ quality: 80, effort: 6 }) },
    transparent: { format: 'webp', encode: (image) => image.webp({ lossless: true }) },
  },
  mail: {
    opaque: { format: 'jpeg', encode: (image) => image.jpeg({ quality: 80, progressive: true }) },
    transparent: { format: 'png', encode: (image) => image.png({ compressionLevel: 9 }) },
  },
};
/** The formats each channel's readers show: an original in one of them may serve as the copy. */
const SHOWN: Record<Channel, ReadonlySet<ImageFormat>> = {
  feed: new Set(['jpeg', 'png', 'gif', 'webp']),
  mail: new Set(['jpeg', 'png', 'gif']),
};

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

/**
 * Slightly damaged files (common on papers' sites: a JPEG cut short by a byte or two, which
 * browsers show) are read as far as they go; what is no image at all fails at the header.
 */
const INPUT = { limitInputPixels: MAX_PIXELS, failOn: 'none' } as const;

/**
 * A GIF's own canvas (its logical screen), which browsers draw whatever its frames are: libvips
 * reports the frames' size instead when the canvas is larger than they are (an animation of
 * 1×1 frames on a 20000×20000 canvas read as 1×1).
 */
/**
 * The frames an APNG declares (its `acTL` chunk, before the image data), 1 for a still PNG. The
 * chunks are walked by their lengths; a PNG cut short counts as a still (libvips refuses it).
 */
export function apngFrames(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (type === 'IDAT' || type === 'IEND') return 1;
    if (type === 'acTL') return at + 12 <= bytes.length ? Math.max(1, view.getUint32(at + 8)) : 1;
    at += 12 + length;
  }
  return 1;
}

function gifCanvas(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 10) return undefined;
  return { width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
}

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
  const canvas = format === 'gif' ? gifCanvas(bytes) : undefined;
  const { width, height } =
    canvas && canvas.width * canvas.height > metadata.autoOrient.width * metadata.autoOrient.height
      ? canvas
      : metadata.autoOrient;
  if (width * height > MAX_PIXELS) {
    throw new ImageRefused(
      `${width}×${height} pixels: more than the ${MAX_PIXELS.toLocaleString('en')} allowed`,
    );
  }
  if (Math.max(width / height, height / width) > MAX_ASPECT_RATIO) {
    throw new ImageRefused(
      `${width}×${height} pixels: more than ${MAX_ASPECT_RATIO} times as ${width > height ? 'wide' : 'tall'} as it is ${width > height ? 'tall' : 'wide'}, no article's picture`,
    );
  }
  if (format === 'jpeg' && jpegScanCount(bytes) > MAX_JPEG_SCANS) {
    throw new ImageRefused(
      `a JPEG of more than ${MAX_JPEG_SCANS} scans: each is decoded over the whole picture, no photo needs so many`,
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
  // An animated GIF keeps its animation: it is served as it is, whatever its width. An animated
  // WebP or PNG (APNG, which libvips reads as its first frame) is never served as it is: its
  // copies are stills of the first frame (attack run 39: one no heavier than its copy was served,
  // with 2,000 frames and no cap).
  const frames = format === 'png' ? apngFrames(bytes) : (metadata.pages ?? 1);
  const animated = format === 'gif' && frames > 1;
  const stillOnly = !animated && frames > 1;
  if (animated && width * height * frames > MAX_ANIMATION_PIXELS) {
    throw new ImageRefused(
      `${frames.toLocaleString('en')} frames of ${width}×${height} pixels: more than the ${MAX_ANIMATION_PIXELS.toLocaleString('en')} allowed in one animation`,
    );
  }
  const alpha = metadata.hasAlpha ? 'transparent' : 'opaque';

  const copy = async (channel: Channel, maxWidth: number): Promise<MediaFile> => {
    if (animated) return original;
    // At most as tall as WebP holds: a very tall picture (an infographic, or 1×49,000,000 pixels)
    // is made narrower to fit, where sharp failed and the image was fetched again at each poll.
    const pipeline = sharp(bytes, INPUT)
      .timeout({ seconds: COPY_TIMEOUT_SECONDS })
      .autoOrient()
      .resize({ width: maxWidth, height: MAX_COPY_HEIGHT, fit: 'inside', withoutEnlargement: true });
    const encoding = COPY_ENCODING[channel][alpha];
    const { data, info } = await encoding
      .encode(pipeline)
      .toBuffer({ resolveWithObject: true })
      .catch((error: unknown) => {
        // A copy that takes longer would take as long at every poll: refused, not tried again.
        if (error instanceof Error && /timeout/i.test(error.message))
          throw new ImageRefused(`no ${channel} copy within ${COPY_TIMEOUT_SECONDS} s: ${error.message}`);
        throw error;
      });
    const serveOriginal =
      !stillOnly &&
      SHOWN[channel].has(format) &&
      width <= maxWidth &&
      height <= MAX_COPY_HEIGHT &&
      original.bytes <= data.length;
    if (serveOriginal) return original;
    const out = IMAGE_FORMATS[encoding.format];
    return {
      name: `${hash}-${info.width}.${out.extension}`,
      type: out.type,
      width: info.width,
      height: info.height,
      bytes: data.length,
      body: data,
    };
  };

  return { original, feed: await copy('feed', FEED_WIDTH), mail: await copy('mail', MAIL_WIDTH) };
}
