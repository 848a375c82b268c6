/**
 * Where re-hosted images are served: MEDIA_BASE_URL when set (the images' own distribution in
 * AWS), else beside the feeds; the feeds' `/media/` stays Bantin's, since links published there
 * keep being served.
 */
import { describe, expect, it } from 'vitest';
import { lambdaPlatform } from '../../../functions/platform.js';
import { mediaUrlsFromEnv } from '../../../functions/wiring.js';
import { env } from '../../../infra/topology.js';

const platform = (extra: Record<string, string>) =>
  lambdaPlatform({
    AWS_REGION: 'ap-southeast-1',
    [env.bucket]: 'bantin-content',
    [env.feedsBaseUrl]: 'https://d1.cloudfront.net/feeds',
    ...extra,
  });

describe('mediaUrlsFromEnv', () => {
  it('serves images beside the feeds when no media URL is given', () => {
    const media = mediaUrlsFromEnv(platform({}));
    expect(media.baseUrl).toBe('https://d1.cloudfront.net/media');
    expect(media.formerBaseUrls).toEqual([]);
  });

  it('serves images at MEDIA_BASE_URL, the feeds’ /media/ still counting as Bantin’s', () => {
    const media = mediaUrlsFromEnv(platform({ [env.mediaBaseUrl]: 'https://d2.cloudfront.net/' }));
    expect(media.baseUrl).toBe('https://d2.cloudfront.net');
    expect(media.formerBaseUrls).toEqual(['https://d1.cloudfront.net/media']);
  });
});
