/**
 * Sizes discovery reads, apart from the code that reads them: ingest's poll imports them at a
 * cold start, and the feed parser (beside the listings' code) only with the first changed feed.
 */

/**
 * The largest sitemap read, fetched or unzipped. The protocol allows 50 MB, but a sitemap is parsed
 * whole: 12 MB of 50,000 entries took 1.9 s and 315 MB of memory, so 50 MB would not fit the
 * ingest function's 1 GB. 25 MB holds 50,000 entries of a Google News sitemap (about 400 bytes each).
 */
export const MAX_SITEMAP_BYTES = 25 * 1024 * 1024;
