/**
 * Serializes the inline content of a paragraph into clean HTML (a short allowlist of tags,
 * absolute links) and plain text at once, splitting it where pictures sit and, in
 * `<div>`-style text, at line breaks.
 */
import { absoluteUrl } from '../../domain/web-url.js';
import { refusedByHost } from '../fetch/address-guard.js';
import { type AnyNode, attr, type Element, isElement, isInline, isText } from './dom.js';
import { cleanLines } from './text.js';
import { visibleLength } from './text-stats.js';

export interface TextSegment {
  kind: 'text';
  html: string;
  text: string;
  /** Share of the visible characters that are bold, italic, inside links. */
  bold: number;
  italic: number;
  link: number;
  /** Class/id words of inline wrappers that hold most of the text (e.g. `<em class="caption">`). */
  hints: string;
  align: string;
}

export interface ImageSegment {
  kind: 'image';
  img: Element;
}

export type Segment = TextSegment | ImageSegment;

const RENAMED: Record<string, string> = {
  b: 'strong',
  strong: 'strong',
  i: 'em',
  em: 'em',
  u: 'u',
  s: 's',
  strike: 's',
  del: 's',
  sub: 'sub',
  sup: 'sup',
  code: 'code',
  q: 'q',
  mark: 'mark',
  small: 'small',
  cite: 'cite',
  abbr: 'abbr',
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Style {
  bold: boolean;
  italic: boolean;
  link: boolean;
}

export class InlineWriter {
  readonly segments: Segment[] = [];
  private html = '';
  private text = '';
  /** Whether `text` holds anything but white space: kept as it grows, not looked for at every break. */
  private textShown = false;
  private counts = { total: 0, bold: 0, italic: 0, link: 0 };
  private hintCounts = new Map<string, number>();
  private align = '';
  private open: { name: string; openTag: string }[] = [];
  private pendingBreaks = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly excluded: ReadonlySet<Element>,
    /** Split into separate paragraphs at every `<br>` (text in a `<div>`), not only at `<br><br>`. */
    private readonly splitAtEveryBreak: boolean,
  ) {}

  write(nodes: readonly AnyNode[]): Segment[] {
    for (const node of nodes) this.node(node, { bold: false, italic: false, link: false }, '');
    this.flush();
    return this.segments;
  }

  private node(node: AnyNode, style: Style, hints: string): void {
    if (isText(node)) {
      this.characters(node.data, style, hints);
      return;
    }
    if (!isElement(node) || node.type !== 'tag' || this.excluded.has(node)) return;
    const name = node.name;
    if (name === 'br') {
      this.lineBreak();
      return;
    }
    if (name === 'img') {
      this.flush();
      this.segments.push({ kind: 'image', img: node });
      return;
    }
    if (name === 'wbr') return;
    const cssStyle = (node.attribs.style ?? '').toLowerCase();
    const next: Style = {
      bold:
        style.bold ||
        name === 'b' ||
        name === 'strong' ||
        /font-weight\s*:\s*(?:bold|[6-9]00)/.test(cssStyle),
      italic: style.italic || name === 'i' || name === 'em' || /font-style\s*:\s*italic/.test(cssStyle),
      link: style.link,
    };
    const alignMatch = /text-align\s*:\s*(left|right|center|justify)/.exec(cssStyle);
    if (alignMatch && !this.align) this.align = alignMatch[1]!;
    const nodeHints = `${hints} ${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`.trim().toLowerCase();
    let tag = RENAMED[name];
    let openTag = tag ? `<${tag}>` : '';
    if (name === 'a') {
      const href = absoluteUrl(attr(node, 'href'), this.baseUrl, { allowFile: true });
      const mail = /^mailto:/i.test(attr(node, 'href').trim()) ? attr(node, 'href').trim() : undefined;
      const target =
        mail ??
        (href && /^https?:/.test(href) && !withUserinfo(href) && !privateTarget(href, this.baseUrl)
          ? href
          : undefined);
      next.link = true;
      if (target) {
        tag = 'a';
        openTag = `<a href="${escapeHtml(target)}">`;
      }
    }
    const blockInside = !tag && !isInline(name);
    if (blockInside) this.characters(' ', style, hints);
    if (tag) {
      this.html += openTag;
      this.open.push({ name: tag, openTag });
    }
    for (const child of node.children) this.node(child, next, nodeHints);
    if (tag) {
      this.open.pop();
      this.html += `</${tag}>`;
    }
    if (blockInside) this.characters(' ', style, hints);
  }

  private characters(data: string, style: Style, hints: string): void {
    if (this.pendingBreaks > 0 && /\S/.test(data)) this.emitBreaks();
    this.html += escapeHtml(data);
    this.text += data;
    if (!this.textShown && /\S/.test(data)) this.textShown = true;
    const visible = visibleLength(data);
    if (!visible) return;
    this.counts.total += visible;
    if (style.bold) this.counts.bold += visible;
    if (style.italic) this.counts.italic += visible;
    if (style.link) this.counts.link += visible;
    if (hints) this.hintCounts.set(hints, (this.hintCounts.get(hints) ?? 0) + visible);
  }

  private lineBreak(): void {
    if (this.splitAtEveryBreak) {
      this.flush();
      return;
    }
    this.pendingBreaks += 1;
    if (this.pendingBreaks >= 2) {
      this.pendingBreaks = 0;
      this.flush();
    }
  }

  private emitBreaks(): void {
    // (Trimming the text so far at every break took the square of a paragraph of 40,000 lines.)
    if (this.textShown) {
      this.html += '<br>';
      this.text += '\n';
    }
    this.pendingBreaks = 0;
  }

  /** Ends the current text segment, closing and later reopening the inline tags still open. */
  private flush(): void {
    this.pendingBreaks = 0;
    const text = cleanLines(this.text);
    if (text) {
      const total = this.counts.total || 1;
      let hints = '';
      for (const [h, n] of this.hintCounts) if (n / total >= 0.9 && h.length > hints.length) hints = h;
      const closing = [...this.open]
        .reverse()
        .map((t) => `</${t.name}>`)
        .join('');
      this.segments.push({
        kind: 'text',
        html: (this.html + closing).trim().replace(/^(?:<br>\s*)+|(?:\s*<br>)+$/g, ''),
        text,
        bold: this.counts.bold / total,
        italic: this.counts.italic / total,
        link: this.counts.link / total,
        hints,
        align: this.align,
      });
    }
    this.html = this.open.map((t) => t.openTag).join('');
    this.text = '';
    this.textShown = false;
    this.counts = { total: 0, bold: 0, italic: 0, link: 0 };
    this.hintCounts = new Map();
    this.align = '';
  }
}

/**
 * Whether a link leads where no reader should be sent: a private or local address (a router, a
 * cloud's metadata service), written on a page that is not on one itself (attack run 28). The
 * link's text stays. A page served from such an address (the local sample paper) keeps its links.
 */
/**
 * A link naming a user before its host (`https://baohanam.vn@evil.example/`: the host is
 * evil.example, a phishing classic; attack run 39): no article links so, and its text stays, unlinked.
 */
function withUserinfo(target: string): boolean {
  const url = URL.parse(target);
  return url !== null && (url.username !== '' || url.password !== '');
}

function privateTarget(target: string, baseUrl: string): boolean {
  if (!refusedByHost(target, false)) return false;
  if (baseUrl !== lastBase.url) lastBase = { url: baseUrl, private: refusedByHost(baseUrl, false) };
  return !lastBase.private;
}
let lastBase = { url: '', private: false };
