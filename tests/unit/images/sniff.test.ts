import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../../shared/ingest/images/sniff.js';
import { picture, type TestFormat } from '../../support/images.js';

describe('sniffImage', () => {
  it.each<TestFormat>(['jpeg', 'png', 'gif', 'webp', 'avif'])(
    'recognises %s from its bytes',
    async (format) => {
      expect(sniffImage(await picture(format, 16, 12))).toEqual({ ok: true, format });
    },
  );

  it('refuses SVG, with or without an XML declaration, whatever it is named', () => {
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      '\ufeff<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg viewBox="0 0 1 1"></svg>',
    ]) {
      const result = sniffImage(Buffer.from(svg));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/SVG/);
    }
  });

  it('refuses an HTML error page, other formats and files too short to be an image', () => {
    const reason = (bytes: Uint8Array) => {
      const result = sniffImage(bytes);
      return result.ok ? 'accepted' : result.reason;
    };
    expect(reason(Buffer.from('<!DOCTYPE html><html><body>403 Forbidden</body></html>'))).toMatch(
      /HTML page/,
    );
    expect(reason(Buffer.from('BM6\u0000\u0000\u0000\u0000\u0000\u0000\u00006\u0000\u0000\u0000'))).toMatch(
      /not a JPEG, PNG, WebP, GIF or AVIF/,
    );
    // HEIC is an ISO media file too, but not AVIF.
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\u0000\u0000\u0000\u0000mif1heic', 'latin1'),
    ]);
    expect(reason(heic)).toMatch(/brand "heic", not AVIF/);
    expect(reason(Buffer.from([0xff, 0xd8, 0xff]))).toMatch(/too short/);
  });

  it('reads AVIF from a compatible brand when the major brand is generic', () => {
    const avif = Buffer.concat([
      Buffer.from([0, 0, 0, 28]),
      Buffer.from('ftypmif1\u0000\u0000\u0000\u0000mif1avifmiaf', 'latin1'),
      Buffer.alloc(16),
    ]);
    expect(sniffImage(avif)).toEqual({ ok: true, format: 'avif' });
  });
});
