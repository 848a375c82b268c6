/** What fetched bytes are: a page, or something no extraction should read as an article. */
import { describe, expect, it } from 'vitest';
import { notAPage } from '../../../shared/ingest/fetch/page-kind.js';

const PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin</title></head><body><p>Văn bản</p></body></html>';
const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('notAPage', () => {
  it('takes a page with a stray NUL or control character near its top as a page', () => {
    expect(notAPage(bytes(PAGE.replace('<title>', '<title>\0')), 'text/html')).toBeUndefined();
    expect(notAPage(bytes(`\0${PAGE}`))).toBeUndefined();
    expect(notAPage(bytes(PAGE.replace('<head>', '<head>\x01\x02\0')))).toBeUndefined();
  });

  it('still takes bytes full of binary data as binary, whatever markup they happen to hold', () => {
    const binary = bytes(`\xFF\xD8\xFF\xE0${'\0\x10JFIF\0\x01'.repeat(8)}<div ${'\0'.repeat(40)}`);
    expect(notAPage(binary)).toBe('not an HTML page (binary data)');
    expect(notAPage(binary, 'text/html')).toBe('not an HTML page (text/html)');
    // Without markup, a single NUL is enough.
    expect(notAPage(bytes('plain words\0 and more'))).toBe('not an HTML page (binary data)');
  });

  it('reads a UTF-16 page (NULs between its letters) as a page', () => {
    expect(
      notAPage(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PAGE, 'utf16le')])),
    ).toBeUndefined();
  });
});
