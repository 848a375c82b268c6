/**
 * What Bantin's image copies weigh, measured: real photos (tests/fixtures/photos, or
 * BENCH_PHOTOS=DIR of JPEG, PNG or WebP files) through the ingest's own copy-making
 * (makeRenditions), in bytes per pixel of each copy. The cost model scales a copy's bytes by its
 * area from these figures. JPEG at the mail copy's settings is measured on the feed copy's
 * pixels too, to show what the feed copy would weigh as JPEG; and the CPU time of making both
 * copies of a 1600 px original (each photo scaled to the width papers often publish), as ingest
 * spends it on every image.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { COPY_ENCODING, FEED_WIDTH, makeRenditions } from '../shared/ingest/images/renditions.js';
import { sniffImage } from '../shared/ingest/images/sniff.js';

export const DEFAULT_PHOTOS = fileURLToPath(new URL('../tests/fixtures/photos', import.meta.url));

export interface CopyBytes {
  photos: number;
  folder: string;
  /** Bytes per pixel of the copies made, weighted by pixels, and their media type(s). */
  feed: { bytesPerPixel: number; types: string[] };
  mail: { bytesPerPixel: number; types: string[] };
  /** The feed copies' pixels encoded as the mail copy's JPEG, for comparison. */
  feedAsJpegBytesPerPixel: number;
  /** CPU time (all threads) of makeRenditions on a 1600 px wide JPEG original, per image. */
  cpuMsPerImage: number;
}

export async function measureCopyBytes(
  folder = process.env.BENCH_PHOTOS ?? DEFAULT_PHOTOS,
): Promise<CopyBytes> {
  const files = readdirSync(folder)
    .filter((name) => /\.(jpe?g|png|webp)$/i.test(name))
    .sort();
  if (files.length === 0) throw new Error(`no photos (.jpg, .png, .webp) in ${folder}`);
  const sum = { feed: [0, 0], mail: [0, 0], jpeg: 0, cpuMs: 0 };
  const types = { feed: new Set<string>(), mail: new Set<string>() };
  for (const name of files) {
    const bytes = readFileSync(join(folder, name));
    const sniffed = sniffImage(bytes);
    if (!sniffed.ok) throw new Error(`${name}: ${sniffed.reason}`);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const copies = await makeRenditions(bytes, hash, sniffed.format);
    for (const channel of ['feed', 'mail'] as const) {
      const copy = copies[channel];
      sum[channel][0]! += copy.bytes;
      sum[channel][1]! += copy.width * copy.height;
      types[channel].add(copy.type);
    }
    const asJpeg = COPY_ENCODING.mail.opaque.encode(
      sharp(bytes).autoOrient().resize({ width: FEED_WIDTH, withoutEnlargement: true }),
    );
    sum.jpeg += (await asJpeg.toBuffer()).length;
    const large = await sharp(bytes).resize({ width: 1600 }).jpeg({ quality: 85 }).toBuffer();
    const cpu = process.cpuUsage();
    await makeRenditions(large, hash, 'jpeg');
    const used = process.cpuUsage(cpu);
    sum.cpuMs += (used.user + used.system) / 1000;
  }
  return {
    photos: files.length,
    folder,
    feed: { bytesPerPixel: sum.feed[0]! / sum.feed[1]!, types: [...types.feed] },
    mail: { bytesPerPixel: sum.mail[0]! / sum.mail[1]!, types: [...types.mail] },
    feedAsJpegBytesPerPixel: sum.jpeg / sum.feed[1]!,
    cpuMsPerImage: sum.cpuMs / files.length,
  };
}
