/**
 * Turns the bytes of an HTML page into NFC text. The charset comes from, in order: the caller's
 * override (a source known to lie), a byte order mark (it cannot be wrong, so it beats the
 * header as in the WHATWG encoding rules), the HTTP Content-Type header, a `<meta charset>` or
 * `http-equiv` declaration in the first bytes, and last a sniff: valid UTF-8 is UTF-8, anything
 * else is taken as windows-1258, the legacy Vietnamese code page.
 */
import iconv from 'iconv-lite';

const META_SCAN_BYTES = 4096;
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

/** A supported iconv-lite name for a charset label, or undefined when the label is unknown. */
export function charsetFromLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const key = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!key) return undefined;
  const name = LABEL_ALIASES[key] ?? key;
  return iconv.encodingExists(name) ? name : undefined;
}

/** The charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return charsetFromLabel(m?.[2]);
}

function charsetFromBom(body: Uint8Array): { charset: string; length: number } | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  if (body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  return undefined;
}

/** `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the top. */
export function charsetFromMeta(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, META_SCAN_BYTES)).toString(
    'latin1',
  );
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of withoutComments.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (!direct) continue;
    const charset = charsetFromLabel(direct[1]);
    // A page that declares UTF-16 in ASCII-compatible bytes is really UTF-8 (WHATWG).
    if (charset?.startsWith('utf-16')) return 'utf-8';
    if (charset) return charset;
  }
  return undefined;
}

function isValidUtf8(body: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** Which charset decodeHtml would use, and the reason (for warnings and tests). */
export function detectCharset(
  body: Uint8Array,
  contentType?: string,
  charsetOverride?: string,
): { charset: string; from: 'override' | 'bom' | 'header' | 'meta' | 'sniff' } {
  const override = charsetFromLabel(charsetOverride);
  if (override) return { charset: override, from: 'override' };
  const bom = charsetFromBom(body);
  if (bom) return { charset: bom.charset, from: 'bom' };
  const header = charsetFromContentType(contentType);
  if (header) return { charset: header, from: 'header' };
  const meta = charsetFromMeta(body);
  if (meta) return { charset: meta, from: 'meta' };
  return { charset: isValidUtf8(body) ? 'utf-8' : FALLBACK_CHARSET, from: 'sniff' };
}

/**
 * Decodes an HTML body to an NFC string. An unknown override label throws (it is the caller's
 * mistake); unknown labels in the page itself are ignored.
 */
export function decodeHtml(body: Uint8Array, contentType?: string, charsetOverride?: string): string {
  if (charsetOverride !== undefined && !charsetFromLabel(charsetOverride)) {
    throw new Error(`unknown charset "${charsetOverride}"`);
  }
  const { charset } = detectCharset(body, contentType, charsetOverride);
  const bom = charsetFromBom(body);
  const bytes = bom && bom.charset === charset ? body.subarray(bom.length) : body;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, {
    stripBOM: true,
  });
  return text.normalize('NFC');
}
