import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { childElements, type Element, removeNodes } from '../../../shared/ingest/extract/dom.js';
import { parseHtml } from '../../../shared/ingest/extract/parse-html.js';

/** Each element's name, with its siblings' as its links give them. */
const links = (parent: Element) =>
  childElements(parent).map((el) => [
    el.attribs.id,
    (el.prev as Element | null)?.attribs?.id ?? null,
    (el.next as Element | null)?.attribs?.id ?? null,
  ]);

/** The reference: one node out at a time, its siblings relinked (what removeNodes does at once). */
function removeNode(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const i = parent.children.indexOf(node as never);
  if (i >= 0) parent.children.splice(i, 1);
  const prev = node.prev;
  const next = node.next;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

describe('removeNodes', () => {
  it('leaves the tree removing nodes one by one leaves, siblings linked, from several parents', () => {
    const html = `<div id="a">${Array.from({ length: 10 }, (_, n) => `<p id="p${n}"></p>`).join('')}</div><div id="b"><p id="q0"></p><p id="q1"></p></div>`;
    const pick = (root: ReturnType<typeof parseHtml>) => {
      const [a, b] = childElements(root);
      const chosen = [...childElements(a!).filter((_, n) => n % 3 !== 1), childElements(b!)[1]!];
      return { a: a!, b: b!, chosen };
    };
    const once = pick(parseHtml(html));
    removeNodes(once.chosen);
    const apart = pick(parseHtml(html));
    for (const el of apart.chosen) removeNode(el);
    expect(links(once.a)).toEqual(links(apart.a));
    expect(links(once.b)).toEqual(links(apart.b));
    expect(links(once.a).map(([id]) => id)).toEqual(['p1', 'p4', 'p7']);
    expect(once.chosen.every((el) => el.parent === null && el.prev === null && el.next === null)).toBe(true);
  });
});
