/**
 * The business figures the local functions record (functions/figures.ts), counted in memory
 * since `npm start` began: what CloudWatch sums in AWS, shown locally on the admin overview.
 */
import type { FigureCounter } from '../../functions/figures.js';
import type { BusinessFigures } from '../../functions/platform.js';
import type { BusinessMetric } from '../../shared/metrics.js';

export class LocalFigures implements FigureCounter {
  private readonly since = new Date().toISOString();
  private readonly totals = new Map<string, number>();
  private readonly bySource = new Map<string, Map<string, number>>();

  count(metric: BusinessMetric, value: number, sourceId?: string): void {
    this.totals.set(metric.name, (this.totals.get(metric.name) ?? 0) + value);
    if (sourceId === undefined) return;
    const source = this.bySource.get(sourceId) ?? new Map<string, number>();
    source.set(metric.name, (source.get(metric.name) ?? 0) + value);
    this.bySource.set(sourceId, source);
  }

  snapshot(): BusinessFigures {
    return {
      since: this.since,
      totals: Object.fromEntries(this.totals),
      bySource: Object.fromEntries(
        [...this.bySource].map(([id, figures]) => [id, Object.fromEntries(figures)]),
      ),
    };
  }
}
