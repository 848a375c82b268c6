/**
 * Bantin's business figures, as its functions emit them (Powertools Metrics, CloudWatch
 * embedded metric format) and as the stack's alarms and dashboard read them: one list, so the
 * two agree. An alarm matches a metric's dimensions exactly, so each entry names all of them.
 */

export const METRIC_NAMESPACE = 'Bantin';

/**
 * Powertools Metrics adds this dimension to every metric, valued with its service name: create it
 * without one, so it takes POWERTOOLS_SERVICE_NAME, which the stack sets to the topology name.
 */
export const SERVICE_DIMENSION = 'service';
/** Per-source figures carry the source's id in this dimension as well. */
export const SOURCE_DIMENSION = 'sourceId';

export interface BusinessMetric {
  name: string;
  /** The topology function that emits it: the value of its `service` dimension. */
  service: string;
  /** Exactly the dimensions it is emitted with. */
  dimensions: readonly string[];
  unit: 'Count';
  /** What one unit is. */
  description: string;
}

export const METRICS = {
  articlesNew: {
    name: 'ArticlesNew',
    service: 'ingest-source',
    dimensions: [SERVICE_DIMENSION, SOURCE_DIMENSION],
    unit: 'Count',
    description: 'an article a poll stored (PollRecord.itemsNew)',
  },
  articlesDuplicate: {
    name: 'ArticlesDuplicate',
    service: 'ingest-source',
    dimensions: [SERVICE_DIMENSION, SOURCE_DIMENSION],
    unit: 'Count',
    description:
      'an item a poll found already stored, here or as another paper’s story (PollRecord.itemsDuplicate)',
  },
  articlesFailed: {
    name: 'ArticlesFailed',
    service: 'ingest-source',
    dimensions: [SERVICE_DIMENSION, SOURCE_DIMENSION],
    unit: 'Count',
    description: 'an item a poll could not fetch or extract (PollRecord.itemsFailed)',
  },
  sourcesFailing: {
    name: 'SourcesFailing',
    service: 'ingest-source',
    dimensions: [SERVICE_DIMENSION],
    unit: 'Count',
    // A failing source is polled at least every 6 hours (the longest back-off): the alarm reads 7 hours.
    description:
      'a poll that leaves its source flagged `failing` (3 or more failed polls in a row); 1 per such poll',
  },
  feedsRebuilt: {
    name: 'FeedsRebuilt',
    service: 'build-feeds',
    dimensions: [SERVICE_DIMENSION],
    unit: 'Count',
    description: 'a feed (all, a source, a category) rebuilt by a batch of article events',
  },
  digestsSent: {
    name: 'DigestsSent',
    service: 'send-digest',
    dimensions: [SERVICE_DIMENSION],
    unit: 'Count',
    description: 'a digest SES accepted for one reader',
  },
  alertsSent: {
    name: 'AlertsSent',
    service: 'send-alerts',
    dimensions: [SERVICE_DIMENSION],
    unit: 'Count',
    description: 'an instant alert SES accepted for one reader',
  },
  bounces: {
    name: 'Bounces',
    service: 'suppress-bounces',
    dimensions: [SERVICE_DIMENSION],
    unit: 'Count',
    description: 'a permanent bounce that suppressed an address',
  },
  complaints: {
    name: 'Complaints',
    service: 'suppress-bounces',
    dimensions: [SERVICE_DIMENSION],
    unit: 'Count',
    description: 'a complaint that suppressed an address',
  },
} as const satisfies Record<string, BusinessMetric>;
