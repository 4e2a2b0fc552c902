import type { MetricName, Metrics } from '../ports.ts';

/** Metrics kept in memory: the local cloud's, which tests and `paragraf` read. */
export class InMemoryMetrics implements Metrics {
  readonly counts = new Map<MetricName, number>();
  readonly durations = new Map<string, number[]>();

  count(name: MetricName, value: number): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }

  stepDuration(step: string, ms: number): void {
    const list = this.durations.get(step) ?? [];
    list.push(ms);
    this.durations.set(step, list);
  }
}

export const noMetrics: Metrics = { count: () => {}, stepDuration: () => {} };
