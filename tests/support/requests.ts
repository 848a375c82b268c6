/** Requests the tests make as a mail client or a newspaper's editor would. */

/** RFC 8058 one-click unsubscribe: what a mail client POSTs to the List-Unsubscribe URL. */
export function oneClickUnsubscribe(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });
}

/** Publishes an article on a sample newspaper (infra/local/sample-newspaper.ts) at `origin`. */
export function publishOnSample(
  origin: string,
  article: { title: string; summary: string; paragraphs: string[]; category: string; author?: string },
): Promise<Response> {
  return fetch(`${origin}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(article),
  });
}
