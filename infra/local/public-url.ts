/** PUBLIC_URL of `npm start`: where other machines reach the local server. */

/** A PUBLIC_URL that cannot name the server: its message is all the user needs. */
export class PublicUrlError extends Error {}

/**
 * PUBLIC_URL: the address other machines reach this server at (`http://192.0.2.10:8787`, or a
 * proxy's `https://bantin.example.org`), named in every link Bantin writes. An origin only: the
 * server answers at its root, so a path would give links it does not serve.
 */
export function parsePublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PublicUrlError(`PUBLIC_URL=${value} is not a URL (e.g. http://192.0.2.10:8787)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new PublicUrlError(`PUBLIC_URL=${value} must be an http or https URL`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/')
    throw new PublicUrlError(
      `PUBLIC_URL=${value} must be an origin only (scheme, host, port: ${url.origin}): Bantin serves its pages at the root`,
    );
  return url.origin;
}
