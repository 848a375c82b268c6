/** Blocks → the article's contentHtml (sanitized) and contentText (paragraphs, blank-line separated). */
import type { Block } from './blocks.js';
import { escapeHtml } from './inline-writer.js';
import { sanitizeContentHtml } from './sanitize.js';

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'image': {
      const img = `<img src="${escapeHtml(block.url)}" alt="${escapeHtml(block.alt || block.caption)}">`;
      return block.caption
        ? `<figure>${img}<figcaption>${escapeHtml(block.caption)}</figcaption></figure>`
        : `<figure>${img}</figure>`;
    }
    case 'table':
      return block.html;
    case 'text':
      return `<${block.tag}>${block.html}</${block.tag}>`;
  }
}

export function renderHtml(blocks: readonly Block[]): string {
  const chunks: string[] = [];
  let list: { id: number; tag: string; items: string[] } | undefined;
  let quote: string[] | undefined;
  const closeList = () => {
    if (!list) return;
    (quote ?? chunks).push(`<${list.tag}>${list.items.join('')}</${list.tag}>`);
    list = undefined;
  };
  const closeQuote = () => {
    closeList();
    if (quote) chunks.push(`<blockquote>${quote.join('')}</blockquote>`);
    quote = undefined;
  };
  for (const block of blocks) {
    const item = block.kind === 'text' && block.tag === 'li' ? block.list : undefined;
    const quoted = block.kind === 'text' && block.quote;
    if (list && list.id !== item?.id) closeList();
    if (quote && !quoted) closeQuote();
    if (quoted && !quote) quote = [];
    if (item) {
      list ??= { id: item.id, tag: item.ordered ? 'ol' : 'ul', items: [] };
      list.items.push(blockHtml(block));
    } else {
      (quote ?? chunks).push(
        block.kind === 'text' && block.tag === 'li' ? `<p>${block.html}</p>` : blockHtml(block),
      );
    }
  }
  closeQuote();
  closeList();
  return sanitizeContentHtml(chunks.join('\n'));
}

export function renderText(blocks: readonly Block[]): string {
  // A photo story tells itself in its captions: they are its text, in page order, when it has no
  // other or when they outweigh it (an intro of a few lines over eight long captions: blind probe 40).
  const captions = blocks.flatMap((block) =>
    block.kind === 'image' && block.caption ? [block.caption] : [],
  );
  const textChars = blocks.reduce((n, block) => n + (block.kind === 'text' ? block.text.length : 0), 0);
  const captionChars = captions.reduce((n, caption) => n + caption.length, 0);
  const told = captions.length > 0 && (textChars === 0 || (captions.length >= 3 && captionChars > textChars));
  const paragraphs: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'text') paragraphs.push(block.text);
    else if (block.kind === 'table') paragraphs.push(block.rows.join('\n'));
    else if (told && block.kind === 'image' && block.caption) paragraphs.push(block.caption);
  }
  return paragraphs.join('\n\n');
}
