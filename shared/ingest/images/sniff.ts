/**
 * What an image file is, read from its first bytes and never from the server's Content-Type
 * (papers label WebP as JPEG, error pages as images). Only the raster formats every reader
 * shows are accepted; SVG is refused, as it can carry scripts and links.
 */
import type { Rendition } from '../../domain/image.js';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export const IMAGE_FORMATS: Record<ImageFormat, { type: ImageMediaType; extension: string }> = {
  jpeg: { type: 'image/jpeg', extension: 'jpg' },
  png: { type: 'image/png', extension: 'png' },
  gif: { type: 'image/gif', extension: 'gif' },
  webp: { type: 'image/webp', extension: 'webp' },
  avif: { type: 'image/avif', extension: 'avif' },
};

export type ImageMediaType = Rendition['type'];

export type Sniffed = { ok: true; format: ImageFormat } | { ok: false; reason: string };

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

export function sniffImage(bytes: Uint8Array): Sniffed {
  if (bytes.length < 12) return { ok: false, reason: `${bytes.length} bytes: too short for an image` };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { ok: true, format: 'jpeg' };
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return { ok: true, format: 'png' };
  const six = ascii(bytes, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return { ok: true, format: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { ok: true, format: 'webp' };
  if (ascii(bytes, 4, 8) === 'ftyp') {
    return isAvif(bytes)
      ? { ok: true, format: 'avif' }
      : { ok: false, reason: `an ISO media file of brand "${ascii(bytes, 8, 12)}", not AVIF` };
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).toLowerCase();
  if (/<svg[\s>]/.test(head)) return { ok: false, reason: 'an SVG image: refused, SVG can carry scripts' };
  if (/<(?:!doctype|html|head|body)[\s>]/.test(head))
    return { ok: false, reason: 'an HTML page, not an image' };
  return { ok: false, reason: 'not a JPEG, PNG, WebP, GIF or AVIF image' };
}

/** ISO BMFF `ftyp` box whose major or compatible brands name AVIF (still `avif` or sequence `avis`). */
function isAvif(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxSize = Math.min(view.getUint32(0), bytes.length, 256);
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  return brands.includes('avif') || brands.includes('avis');
}
