/**
 * Turns feed bytes into text: a byte-order mark wins, then the encoding named by the XML
 * declaration (`<?xml version="1.0" encoding="windows-1258"?>`), else UTF-8. JSON Feed is
 * always UTF-8.
 */
import iconv from 'iconv-lite';

export function decodeFeedBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = bomEncoding(buffer);
  if (bom) return iconv.decode(buffer, bom);
  const declared = declaredEncoding(buffer);
  if (declared && iconv.encodingExists(declared)) return iconv.decode(buffer, declared);
  return iconv.decode(buffer, 'utf-8');
}

function bomEncoding(buffer: Buffer): string | null {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return 'utf-8';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  return null;
}

/** The `encoding` pseudo-attribute of an XML declaration at the start of the document. */
export function declaredEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding a feed can declare this way; latin1 keeps bytes as-is.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString(
    'latin1',
  );
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  const label = match?.[1]?.toLowerCase();
  if (!label) return null;
  // Declared UTF-16 without a BOM is nearly always a mislabelled UTF-8 file (it was readable as ASCII).
  if (label.startsWith('utf-16') || label === 'utf16') return null;
  return label;
}
