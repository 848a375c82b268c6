/**
 * Turns fetched bytes — an article page, a feed, a sitemap — into NFC text, by one set of rules.
 * The charset comes from, in order:
 * 1. the caller's override (a source known to lie);
 * 2. a byte order mark (it cannot be wrong, so it beats the header, as in the WHATWG rules);
 * 3. the charset parameter of the HTTP Content-Type header (RFC 7303 for XML, WHATWG for HTML);
 * 4. the document's own declaration: an XML declaration at the start (`<?xml … encoding="…"?>`,
 *    UTF-16 and UTF-32 recognised by how `<?` is spelled in them), else a `<meta charset>` or
 *    `http-equiv` near the top;
 * 5. a sniff: valid UTF-8 is UTF-8, anything else windows-1258, the legacy Vietnamese code page.
 * iconv-lite decodes every legacy encoding; Vietnamese letters come out precomposed (NFC).
 */
import type Iconv from 'iconv-lite';

export type CharsetSource = 'override' | 'bom' | 'header' | 'xml-declaration' | 'meta' | 'sniff' | 'bytes';

// Required on the first legacy charset, from node_modules (not bundled): UTF-8 pages never load its tables.
const requireInstalled = process.getBuiltinModule('node:module').createRequire(import.meta.url);
let iconvLite: typeof Iconv | undefined;
const iconv = () => (iconvLite ??= requireInstalled('iconv-lite') as typeof Iconv);
// Validation without building a string, then Buffer's decoder: several times faster than TextDecoder.
const { isAscii, isUtf8 } = process.getBuiltinModule('node:buffer');

const DECLARATION_SCAN_BYTES = 4096;
const FALLBACK_CHARSET = 'windows-1258';

/** WHATWG maps these labels to windows-1252, whose table is a superset of Latin-1's printable part. */
const LABEL_ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-user-defined': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'tis-620': 'windows-874',
  'iso-8859-11': 'windows-874',
  'ks_c_5601-1987': 'euc-kr',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/**
 * iconv-lite's codecs that are no text charset a page can be in: UTF-7 (which browsers have never
 * decoded for the web, and which turns `+ADw-script+AD4-` into `<script>`), and its byte-to-text
 * helpers. A page or header naming one is read as if it named none, as a browser reads it.
 */
const NOT_PAGE_CHARSETS = /^(?:utf-?7(?:-?imap)?|unicode-1-1-utf-?7|base64|hex)$/;

/** A supported iconv-lite name for a charset label, or undefined when the label is unknown. */
export function charsetFromLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const key = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!key || NOT_PAGE_CHARSETS.test(key)) return undefined;
  const name = LABEL_ALIASES[key] ?? key;
  return name === 'utf-8' || iconv().encodingExists(name) ? name : undefined;
}

/** The charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return charsetFromLabel(m?.[2]);
}

/** Byte order marks, longest first: the UTF-32LE mark starts with the UTF-16LE one. */
const BYTE_ORDER_MARKS: { charset: string; bytes: number[] }[] = [
  { charset: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { charset: 'utf-32le', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { charset: 'utf-32be', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { charset: 'utf-16be', bytes: [0xfe, 0xff] },
  { charset: 'utf-16le', bytes: [0xff, 0xfe] },
];

function charsetFromBom(body: Uint8Array): { charset: string; length: number } | undefined {
  const mark = BYTE_ORDER_MARKS.find(({ bytes }) => bytes.every((byte, i) => body[i] === byte));
  return mark && { charset: mark.charset, length: mark.bytes.length };
}

/** `<?` as UTF-16 and UTF-32 spell it, for documents without a BOM (XML 1.0 appendix F). */
const WIDE_XML_STARTS: { charset: string; bytes: number[] }[] = [
  { charset: 'utf-32be', bytes: [0x00, 0x00, 0x00, 0x3c] },
  { charset: 'utf-32le', bytes: [0x3c, 0x00, 0x00, 0x00] },
  { charset: 'utf-16be', bytes: [0x00, 0x3c, 0x00, 0x3f] },
  { charset: 'utf-16le', bytes: [0x3c, 0x00, 0x3f, 0x00] },
];

/** The first bytes as Latin-1: declarations are ASCII in every encoding that can carry them. */
function head(body: Uint8Array): string {
  const length = Math.min(body.byteLength, DECLARATION_SCAN_BYTES);
  return Buffer.from(body.buffer, body.byteOffset, length).toString('latin1');
}

/** A declared label, except UTF-16/32: bytes that read as ASCII are not UTF-16, but mislabelled UTF-8. */
function declaredCharset(label: string | undefined): string | undefined {
  const charset = charsetFromLabel(label);
  return charset && isWide(charset) ? 'utf-8' : charset;
}

/** UTF-16 or UTF-32: charsets that spell ASCII with NUL bytes. */
function isWide(charset: string): boolean {
  return /^(?:utf-?(?:16|32)|ucs-?[24])/i.test(charset);
}
/** How far a header's UTF-16 is checked for NUL bytes. */
const WIDE_SCAN_BYTES = 1024;

/** The encoding of an XML declaration at the start of the document, or undefined. */
export function charsetFromXmlDeclaration(body: Uint8Array): string | undefined {
  const wide = WIDE_XML_STARTS.find(({ bytes }) => bytes.every((byte, i) => body[i] === byte));
  if (wide) return wide.charset;
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head(body));
  return declaredCharset(match?.[1]);
}

/** `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the top. */
export function charsetFromMeta(body: Uint8Array): string | undefined {
  const withoutComments = head(body).replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of withoutComments.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    const charset = declaredCharset(direct?.[1]);
    if (charset) return charset;
  }
  return undefined;
}

/** Which charset decodeBody would use, and the rule that chose it (for warnings and tests). */
export function detectCharset(
  body: Uint8Array,
  contentType?: string,
  charsetOverride?: string,
): { charset: string; from: CharsetSource } {
  const override = charsetFromLabel(charsetOverride);
  if (override) return { charset: override, from: 'override' };
  const bom = charsetFromBom(body);
  // A UTF-8 BOM before bytes that are not UTF-8 (a PHP site's header file saved "with BOM" in
  // front of a page in its legacy charset: attack run 34) loses to them, as a label does.
  if (bom?.charset === 'utf-8' && utf8Evidence(body.subarray(bom.length)) === 'not-utf-8') {
    return legacyDeclared(body) ?? { charset: FALLBACK_CHARSET, from: 'bytes' };
  }
  if (bom) return { charset: bom.charset, from: 'bom' };
  const first = labelledCharset(body, contentType);
  if (!first) return { charset: isUtf8(body) ? 'utf-8' : FALLBACK_CHARSET, from: 'sniff' };
  // A label the bytes contradict loses to them (a CMS's template says one thing, its database
  // another): text in another charset is never valid UTF-8 with a character beyond ASCII in it,
  // and UTF-8 text has such characters right.
  const evidence = utf8Evidence(body);
  if (evidence === 'utf-8' && isSingleOrLegacy(first.charset)) return { charset: 'utf-8', from: 'bytes' };
  if (evidence === 'not-utf-8' && first.charset === 'utf-8') {
    // The page's own legacy declaration, if it makes one, under the header's UTF-8.
    return legacyDeclared(body) ?? { charset: FALLBACK_CHARSET, from: 'bytes' };
  }
  return first;
}

/** What the header, else the XML declaration, else the `<meta>` says. */
function labelledCharset(
  body: Uint8Array,
  contentType?: string,
): { charset: string; from: CharsetSource } | undefined {
  const header = charsetFromContentType(contentType);
  // A header's UTF-16 or UTF-32 over bytes without a NUL near the top (its markup would spell
  // each ASCII letter with one, and a BOM was looked for first) is a server's mislabel of bytes
  // in an ASCII-based charset: the document's own declaration, or the bytes, tell which.
  if (header && !(isWide(header) && !body.subarray(0, WIDE_SCAN_BYTES).includes(0))) {
    return { charset: header, from: 'header' };
  }
  const xml = charsetFromXmlDeclaration(body);
  if (xml) return { charset: xml, from: 'xml-declaration' };
  const meta = charsetFromMeta(body);
  return meta ? { charset: meta, from: 'meta' } : undefined;
}

/** A legacy charset the XML declaration or the `<meta>` names. */
function legacyDeclared(body: Uint8Array): { charset: string; from: CharsetSource } | undefined {
  const xml = charsetFromXmlDeclaration(body);
  if (xml && isSingleOrLegacy(xml)) return { charset: xml, from: 'xml-declaration' };
  const meta = charsetFromMeta(body);
  return meta && isSingleOrLegacy(meta) ? { charset: meta, from: 'meta' } : undefined;
}

/** A charset that writes ASCII as ASCII, one byte or more for the rest, and is not UTF-8. */
function isSingleOrLegacy(charset: string): boolean {
  return !/^utf-?(?:8|16|32)/i.test(charset);
}

/**
 * What the bytes say of UTF-8: `utf-8` when they are valid UTF-8 with four characters beyond
 * ASCII at least (a short page's two legacy letters may happen to pair as one: windows-1251 "Ні"
 * is the bytes CD B3), `not-utf-8` when they hold bytes beyond ASCII of which not one sequence is
 * UTF-8, else nothing (ASCII alone, too little to tell, or a stray byte in UTF-8 text).
 */
function utf8Evidence(body: Uint8Array): 'utf-8' | 'not-utf-8' | undefined {
  if (isAscii(body)) return undefined;
  if (isUtf8(body)) {
    let characters = 0;
    for (let i = 0; i < body.length && characters < 4; i++) if (body[i]! >= 0xc2) characters++;
    return characters >= 4 ? 'utf-8' : undefined;
  }
  // (As Latin-1 text, one regular expression: twice as fast as a loop over the bytes, measured on
  // 8.6 MB of windows-1258.)
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  return UTF8_SEQUENCE.test(text) ? undefined : 'not-utf-8';
}

/** One well-formed UTF-8 sequence of two to four bytes, as Latin-1 characters. */
const UTF8_SEQUENCE = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}/;

/** The charset to decode with, and the bytes without a byte order mark of that charset. */
function decodingPlan(
  body: Uint8Array,
  contentType?: string,
  charsetOverride?: string,
): { charset: string; buffer: Buffer } {
  if (charsetOverride !== undefined && !charsetFromLabel(charsetOverride)) {
    throw new Error(`unknown charset "${charsetOverride}"`);
  }
  const { charset } = detectCharset(body, contentType, charsetOverride);
  const bom = charsetFromBom(body);
  // A UTF-8 BOM is no text of the charset that won over it.
  const bytes =
    bom && (bom.charset === charset || bom.charset === 'utf-8') ? body.subarray(bom.length) : body;
  return { charset, buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/**
 * Decodes a fetched body (page, feed or sitemap) to an NFC string, without its BOM. An unknown
 * override label throws (it is the caller's mistake); unknown labels in the document are ignored.
 */
export function decodeBody(body: Uint8Array, contentType?: string, charsetOverride?: string): string {
  const { charset, buffer } = decodingPlan(body, contentType, charsetOverride);
  if (charset !== 'utf-8') return decodeLegacy(buffer, charset);
  return buffer
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .normalize('NFC');
}

/** Every charset but UTF-8, through iconv-lite. */
function decodeLegacy(buffer: Buffer, charset: string): string {
  return iconv().decode(buffer, charset, { stripBOM: true }).normalize('NFC');
}

/** Bytes per piece of decodeBodyPieces: the strings stay in V8's young generation (up to 128 KB). */
const PIECE_BYTES = 16 * 1024;

/**
 * decodeBody's text in pieces of about `pieceBytes`, whose concatenation is decodeBody's string,
 * for a parser that reads text piece by piece: a large page never becomes one large string, whose
 * fresh memory costs more than decoding it. UTF-8 is cut before an ASCII byte, where neither a
 * character nor an NFC composition can span the cut; other charsets come in one piece.
 */
export function decodeBodyPieces(
  body: Uint8Array,
  contentType?: string,
  charsetOverride?: string,
  pieceBytes = PIECE_BYTES,
): string[] {
  const { charset, buffer } = decodingPlan(body, contentType, charsetOverride);
  if (charset !== 'utf-8') return [decodeLegacy(buffer, charset)];
  const pieces: string[] = [];
  for (let start = 0; start < buffer.length; ) {
    let end = Math.min(buffer.length, start + pieceBytes);
    while (end < buffer.length && buffer[end]! >= 0x80) end++;
    pieces.push(buffer.toString('utf8', start, end).normalize('NFC'));
    start = end;
  }
  if (pieces[0]?.startsWith('\uFEFF')) pieces[0] = pieces[0].slice(1);
  return pieces;
}
