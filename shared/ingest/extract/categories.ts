/** An article's sections: what the page states (article:section, JSON-LD), else its breadcrumb trail. */
import { attr, type Element, isElement, type ParentNode, rawText } from './dom.js';
import { metaValues, type PageMetadata } from './metadata.js';
import { cleanText } from './text.js';

/** The page's own sections first; a breadcrumb's links (but the home page) when it states none. */
export function findCategories(root: ParentNode, metadata: PageMetadata): string[] {
  const stated = [
    ...metaValues(metadata, 'article:section', 'articlesection', 'og:article:section', 'section'),
    ...metadata.linkedData.sections,
  ];
  const out = stated.length
    ? stated
    : breadcrumbLinks(root)
        .filter((a) => attr(a, 'href').trim() !== '/')
        .map((a) => cleanText(rawText(a)))
        .filter((t) => t && !/^(?:trang chủ|home|trang nhất)$/i.test(t));
  return [...new Set(out)].slice(0, 10);
}

/** The links of the breadcrumb trails (class or id "breadcrumb", schema.org BreadcrumbList), in page order. */
function breadcrumbLinks(root: ParentNode): Element[] {
  const links: Element[] = [];
  const visit = (node: ParentNode, inTrail: boolean) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (inTrail && child.name === 'a') links.push(child);
      const { class: cls, id, itemtype } = child.attribs;
      const trail =
        inTrail ||
        !!cls?.includes('breadcrumb') ||
        !!id?.includes('breadcrumb') ||
        !!itemtype?.includes('BreadcrumbList');
      visit(child, trail);
    }
  };
  visit(root, false);
  return links;
}
