/**
 * The business figures of shared/metrics.ts as a handler records them: Powertools Metrics
 * (CloudWatch embedded metric format, read by the stack's alarms and dashboard), and the
 * platform's own count where it keeps one (the local runner shows it on the admin overview).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type BusinessMetric, METRIC_NAMESPACE, SOURCE_DIMENSION } from '../shared/metrics.js';

/** Where a platform counts the figures its functions record (absent in AWS: CloudWatch has them). */
export interface FigureCounter {
  count(metric: BusinessMetric, value: number, sourceId?: string): void;
}

export interface Figures {
  /** Adds `value` to a figure (per source when its metric has the source dimension). */
  count(metric: BusinessMetric, value: number, sourceId?: string): void;
  /** Writes the figures of this invocation (EMF); call once at its end. */
  publish(): void;
}

export function figuresFor(service: string, counter?: FigureCounter): Figures {
  // The service dimension is the topology function's name, as the stack's POWERTOOLS_SERVICE_NAME.
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: service });
  return {
    count(metric, value, sourceId) {
      if (metric.service !== service)
        throw new Error(`${metric.name} is ${metric.service}'s figure, not ${service}'s`);
      if (value <= 0) return;
      if (metric.dimensions.includes(SOURCE_DIMENSION)) {
        if (!sourceId) throw new Error(`${metric.name} is counted per source`);
        const single = metrics.singleMetric();
        single.addDimension(SOURCE_DIMENSION, sourceId);
        single.addMetric(metric.name, MetricUnit.Count, value);
      } else {
        metrics.addMetric(metric.name, MetricUnit.Count, value);
      }
      counter?.count(metric, value, sourceId);
    },
    publish() {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

/** `handle`, then the figures it recorded written out, whether it succeeded or threw. */
export function publishingAfter<E, C, R>(
  figures: Figures,
  handle: (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R> {
  return async (event, context) => {
    try {
      return await handle(event, context);
    } finally {
      figures.publish();
    }
  };
}
