/**
 * Re-hosting at ingest: each image of an article (those it lists and every `<img>` of its body)
 * is fetched once with the article page as Referer, checked from its bytes, stored once by
 * content hash with its narrower copies, and the article is rewritten to Bantin's URLs, keeping
 * the paper's. An image that cannot be fetched never holds its article back: the article keeps
 * the paper's URL and the image is retried at the source's next polls, a bounded number of times.
 */
import { createHash } from 'node:crypto';
import { concurrencyLimit, mapWithConcurrency } from '../../concurrency.js';
import { ARTICLE_LIMITS, type Article } from '../../domain/article.js';
import type { HostedImage, Image } from '../../domain/image.js';
import type { Source } from '../../domain/source.js';
import { ValidationError } from '../../domain/validation.js';
import type { ContentStore, MediaFileInfo, MediaStore, StoredMedia } from '../../ports.js';
import { refusedByHost } from '../fetch/address-guard.js';
import { FetchError, type FetchedResource, type FetchOptions } from '../fetch/fetcher.js';
import { ImageRefused, type MediaFile, makeRenditions } from './renditions.js';
import { IMAGE_FORMATS, type ImageFormat, sniffImage } from './sniff.js';

// Loaded with the first article rehosted, not at a cold start (cheerio, with its selectors and serializer).
const htmlRewriter = () => import('./rewrite-html.js');

export interface ImageHostingDeps {
  fetch: (url: string, options?: FetchOptions) => Promise<FetchedResource>;
  allowLoopback: boolean;
  media: MediaStore;
  /** Public URL of the media files, without a trailing slash (MEDIA_BASE_URL, or `{feeds origin}/media`). */
  mediaBaseUrl: string;
  /** Where the same files were served before (links already published still point there). */
  formerMediaBaseUrls?: readonly string[];
  now?: () => Date;
}

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Time from a poll's start after which it starts no image fetch (the function has a deadline). */
export const IMAGE_TIME_BUDGET_MS = 60_000;
export const IMAGE_TIMEOUT_MS = 15_000;
/** Fetches of one image, over the poll that found it and the polls after. */
export const MAX_IMAGE_ATTEMPTS = 4;
/** Articles whose pending images one poll retries; the others wait for the next. */
export const MAX_RETRIED_ARTICLES = 20;
const IMAGES_AT_ONCE = 4;
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5';
/** Decoding and resizing is the memory-hungry part: at most two images at once per process. */
const resizing = concurrencyLimit(2);

type Outcome =
  | { kind: 'hosted'; hosted: HostedImage }
  /** `final`: fetching again cannot help (the file is over the size cap). */
  | { kind: 'failed'; error: string; final: boolean }
  /** Its address or its content is refused (SVG, not an image, undecodable): readers are not sent to it either. */
  | { kind: 'refused'; error: string }
  /** The poll's time for images ran out before this one was tried. */
  | { kind: 'not-tried' };

/**
 * Re-hosts the images of one poll (or one re-extraction): each image URL is fetched once and
 * each content hash stored once, however many articles share them.
 */
export class ImageHosting {
  readonly tally = { hosted: 0, failed: 0, pending: 0 };
  /**
   * What the poll should say: retries that could not be made (the article could not be read or
   * stored: tried again next poll), pictures past an article's limit left at the paper.
   */
  readonly warnings: string[] = [];
  /** Articles rewritten by this instance that still have images to retry. */
  readonly pendingArticles = new Set<string>();
  /** Articles whose images are all settled (re-hosted or given up) after a retry, or that are gone. */
  private readonly settled = new Set<string>();
  private readonly byUrl = new Map<string, Promise<Outcome>>();
  private readonly byHash = new Map<string, Promise<HostedImage>>();

  constructor(
    private readonly deps: ImageHostingDeps,
    /** Epoch ms after which no image fetch starts (the function must finish in time). */
    private readonly deadline = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * The article with its images re-hosted where they can be. `previous` is the article as
   * stored before (re-extraction): its hosted images are reused without a fetch; with
   * `fetch: false` (a dry run) nothing is fetched or stored at all.
   */
  async rehost(article: Article, options: { previous?: Article; fetch?: boolean } = {}): Promise<Article> {
    const known = new Map<string, Image>();
    for (const image of options.previous?.images ?? []) {
      known.set(this.absolute(image.originalUrl ?? image.url, article.url), image);
    }
    const listed = new Set(
      article.images.map((image) => this.absolute(image.originalUrl ?? image.url, article.url)),
    );
    const { imageSources, rewriteImages } = await htmlRewriter();
    // An <img> of the body that the image list lacks is re-hosted too, and listed with its original URL.
    const unlisted = imageSources(article.contentHtml, article.url)
      .filter((url) => !listed.has(url) && !this.isOurs(url))
      .filter((url, index, all) => all.indexOf(url) === index)
      .map((url): Image => ({ url, caption: '' }));

    // The body's pictures past the article's limit keep the paper's URLs, as a switched-off source's
    // do, and the poll says so (readers load them from the paper: attack run 33).
    const all = [...article.images, ...unlisted];
    const wanted = all.slice(0, Math.max(article.images.length, ARTICLE_LIMITS.images));
    if (all.length > wanted.length && (options.fetch ?? true)) {
      const left = all.length - wanted.length;
      this.warnings.push(
        `${article.url}: ${left === 1 ? '1 picture' : `${left} pictures`} past the limit of ${ARTICLE_LIMITS.images} an article keep the paper's addresses (not re-hosted)`,
      );
    }
    const images = await mapWithConcurrency(wanted, IMAGES_AT_ONCE, (image) =>
      this.rehostImage(image, article.url, known, options.fetch ?? true),
    );
    const hosted = new Map<string, HostedImage>();
    const refused = new Set<string>();
    for (const image of images) {
      if (image.hosted && image.originalUrl)
        hosted.set(this.absolute(image.originalUrl, article.url), image.hosted);
      if (image.rehost?.status === 'refused') refused.add(this.absolute(image.url, article.url));
    }
    if (images.some((image) => image.rehost?.status === 'pending')) this.pendingArticles.add(article.id);
    return {
      ...article,
      images,
      contentHtml: rewriteImages(article.contentHtml, article.url, hosted, refused),
    };
  }

  /**
   * Retries the images earlier polls could not re-host, for at most MAX_RETRIED_ARTICLES of the
   * articles listed; stores the articles that changed, and returns those whose readers see a
   * change (an image now re-hosted), to be announced: another failed attempt is only counted.
   */
  async retryPending(
    articleIds: readonly string[],
    content: Pick<ContentStore, 'getArticle' | 'putArticle'>,
  ): Promise<Article[]> {
    const updated: Article[] = [];
    await mapWithConcurrency([...articleIds].sort().slice(0, MAX_RETRIED_ARTICLES), 2, async (id) => {
      try {
        const article = await content.getArticle(id);
        if (!article) return void this.settled.add(id);
        const next = await this.rehost(article);
        if (JSON.stringify(next) !== JSON.stringify(article)) {
          await content.putArticle(next);
          if (JSON.stringify(asReadersSee(next)) !== JSON.stringify(asReadersSee(article)))
            updated.push(next);
        }
        if (!this.pendingArticles.has(id)) this.settled.add(id);
      } catch (error) {
        // A stored article that no longer reads as one will not read better later.
        if (error instanceof ValidationError) return void this.settled.add(id);
        this.warnings.push(
          `images of article ${id} not retried: ${error instanceof Error ? error.message : error}`,
        );
      }
    });
    return updated;
  }

  /** What the source's pending-images set should gain and lose after this poll. */
  pendingChanges(): { add: string[]; remove: string[] } {
    return { add: [...this.pendingArticles].sort(), remove: [...this.settled].sort() };
  }

  /** The poll record's image counts. */
  counts(): { imagesHosted: number; imagesFailed: number; imagesPending: number } {
    return {
      imagesHosted: this.tally.hosted,
      imagesFailed: this.tally.failed,
      imagesPending: this.tally.pending,
    };
  }

  private async rehostImage(
    extracted: Image,
    pageUrl: string,
    known: Map<string, Image>,
    fetch: boolean,
  ): Promise<Image> {
    if (extracted.hosted || isSettled(extracted)) return extracted;
    const original = this.absolute(extracted.originalUrl ?? extracted.url, pageUrl);
    if (!/^https?:/.test(original)) return extracted;
    // What the article's previous version knew of the same image: its copy, or its attempts.
    const before = known.get(original);
    if (before?.hosted) return hostedImage(extracted, original, before.hosted);
    const image: Image = before?.rehost ? { ...extracted, rehost: before.rehost } : extracted;
    if (!fetch || isSettled(image)) return image;

    const outcome = await this.outcomeFor(original, pageUrl);
    if (outcome.kind === 'hosted') {
      this.tally.hosted++;
      return hostedImage(image, original, outcome.hosted);
    }
    const tried = outcome.kind !== 'not-tried';
    const attempts = (image.rehost?.attempts ?? 0) + (tried ? 1 : 0);
    const status =
      outcome.kind === 'refused'
        ? 'refused'
        : outcome.kind === 'failed' && (outcome.final || attempts >= MAX_IMAGE_ATTEMPTS)
          ? 'failed'
          : 'pending';
    if (tried) this.tally.failed++;
    if (status === 'pending') this.tally.pending++;
    const { hosted: _, originalUrl: __, ...rest } = image;
    return {
      ...rest,
      url: original,
      rehost: {
        status,
        attempts,
        error: tried ? outcome.error : 'not tried yet: the poll ran out of time for images',
      },
    };
  }

  private outcomeFor(url: string, referer: string): Promise<Outcome> {
    let outcome = this.byUrl.get(url);
    if (!outcome) {
      const now = this.deps.now ?? (() => new Date());
      outcome =
        now().getTime() > this.deadline
          ? Promise.resolve({ kind: 'not-tried' })
          : this.fetchAndStore(url, referer).catch((error: unknown) => failure(error));
      this.byUrl.set(url, outcome);
    }
    return outcome;
  }

  private async fetchAndStore(url: string, referer: string): Promise<Outcome> {
    // A name only a private network knows ("http://intranet/…", "printer.local") is refused
    // before any lookup: a failed fetch would keep the address, and send readers' browsers there.
    if (refusedByHost(url, this.deps.allowLoopback))
      return { kind: 'refused', error: 'refused: an address Bantin does not fetch' };
    const resource = await this.deps.fetch(url, {
      allowLoopback: this.deps.allowLoopback,
      referer,
      accept: IMAGE_ACCEPT,
      maxBytes: MAX_IMAGE_BYTES,
      timeoutMs: IMAGE_TIMEOUT_MS,
    });
    const sniffed = sniffImage(resource.body);
    if (!sniffed.ok) return { kind: 'refused', error: `refused: ${sniffed.reason}` };
    const hash = createHash('sha256').update(resource.body).digest('hex');
    let stored = this.byHash.get(hash);
    if (!stored) {
      stored = this.store(resource.body, hash, sniffed.format);
      this.byHash.set(hash, stored);
    }
    return { kind: 'hosted', hosted: await stored };
  }

  /** Finds the image by hash in the media store, or stores its copies and then its original with the record. */
  private async store(bytes: Uint8Array, hash: string, format: ImageFormat) {
    const found = await this.deps.media.find(`${hash}.${IMAGE_FORMATS[format].extension}`);
    if (found) return this.urls(found);
    const renditions = await resizing(() => makeRenditions(bytes, hash, format));
    const { original, feed, mail } = renditions;
    const media: StoredMedia = { hash, original: info(original), feed: info(feed), mail: info(mail) };
    const copies = new Map([mail, feed].filter((file) => file !== original).map((file) => [file.name, file]));
    for (const file of copies.values()) await this.deps.media.putFile(file.name, file.body, file.type);
    // No reader loads an original that serves as neither copy: only the archive keeps it.
    await this.deps.media.putFile(original.name, original.body, original.type, {
      original: feed !== original && mail !== original,
      record: media,
    });
    return this.urls(media);
  }

  private urls(media: StoredMedia): HostedImage {
    const rendition = (file: MediaFileInfo) => ({
      url: `${this.deps.mediaBaseUrl}/${file.name}`,
      type: file.type,
      width: file.width,
      height: file.height,
      bytes: file.bytes,
    });
    return {
      hash: media.hash,
      original: rendition(media.original),
      feed: rendition(media.feed),
      mail: rendition(media.mail),
    };
  }

  private isOurs(url: string): boolean {
    return [this.deps.mediaBaseUrl, ...(this.deps.formerMediaBaseUrls ?? [])].some((base) =>
      url.startsWith(`${base}/`),
    );
  }

  private absolute(url: string, base: string): string {
    try {
      return new URL(url, base).href;
    } catch {
      return url;
    }
  }
}

function hostedImage(image: Image, original: string, hosted: HostedImage): Image {
  const { rehost: _, ...rest } = image;
  return { ...rest, url: hosted.feed.url, originalUrl: original, hosted };
}

function info(file: MediaFile): MediaFileInfo {
  return { name: file.name, type: file.type, width: file.width, height: file.height, bytes: file.bytes };
}

function failure(error: unknown): Outcome {
  if (error instanceof ImageRefused) return { kind: 'refused', error: `refused: ${error.message}` };
  if (error instanceof FetchError && error.code === 'refused')
    return { kind: 'refused', error: `refused: ${error.message}` };
  if (error instanceof FetchError && error.code === 'too-large')
    return { kind: 'failed', error: `refused: ${error.message}`, final: true };
  return { kind: 'failed', error: error instanceof Error ? error.message : String(error), final: false };
}

/** An image whose re-hosting is over without a copy: not fetched again. */
function isSettled(image: Image): boolean {
  return image.rehost?.status === 'failed' || image.rehost?.status === 'refused';
}

/** The image hosting of one poll, or undefined where images stay on the paper's servers. */
export function imageHostingFor(
  source: Pick<Source, 'rehostImages'>,
  deps: Omit<ImageHostingDeps, 'media' | 'mediaBaseUrl' | 'formerMediaBaseUrls'> & { media?: MediaSettings },
  /** Epoch ms after which no image fetch starts. */
  deadline: number,
): ImageHosting | undefined {
  if (!deps.media || !source.rehostImages) return undefined;
  return new ImageHosting(
    {
      ...deps,
      media: deps.media.store,
      mediaBaseUrl: deps.media.baseUrl,
      formerMediaBaseUrls: deps.media.formerBaseUrls,
    },
    deadline,
  );
}

/** Where images are re-hosted: the media store and the public URL of its files. */
export interface MediaSettings {
  store: MediaStore;
  baseUrl: string;
  /** Earlier public URLs of the same files, still served. */
  formerBaseUrls?: readonly string[];
}

/** An article without its images' re-hosting attempts: what feeds, mail and webhooks show of it. */
function asReadersSee(article: Article): Article {
  return { ...article, images: article.images.map(({ rehost: _, ...image }) => image) };
}
