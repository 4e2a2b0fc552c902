import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { LogFields, Logger, MetricName, Metrics } from '../../shared/ports.ts';
import { PARAGRAF_METRICS } from '../../shared/workflow.ts';

/**
 * Powertools for AWS Lambda behind the pipeline's ports: structured logs with the Lambda context
 * and the cold-start flag, metrics as CloudWatch EMF (namespace Paragraf), and X-Ray subsegments
 * for every AWS SDK call. One of each per cold start.
 */
export const powertools = {
  logger: new PowertoolsLogger({ serviceName: PARAGRAF_METRICS.service }),
  metrics: new PowertoolsMetrics({
    namespace: PARAGRAF_METRICS.namespace,
    serviceName: PARAGRAF_METRICS.service,
  }),
  tracer: new Tracer({ serviceName: PARAGRAF_METRICS.service }),
};

/** The Logger port on Powertools: one JSON line per event, fields at the top level. */
export class PowertoolsLogAdapter implements Logger {
  private readonly logger: PowertoolsLogger;
  constructor(logger: PowertoolsLogger) {
    this.logger = logger;
  }
  info(event: string, fields: LogFields = {}): void {
    this.logger.info(event, { ...fields });
  }
  error(event: string, fields: LogFields = {}): void {
    this.logger.error(event, { ...fields });
  }
}

/** The Metrics port as EMF; published when the invocation ends (withPowertools). */
export class EmfMetrics implements Metrics {
  private readonly metrics: PowertoolsMetrics;
  constructor(metrics: PowertoolsMetrics) {
    this.metrics = metrics;
  }
  count(name: MetricName, value: number): void {
    this.metrics.addMetric(name, MetricUnit.Count, value);
  }
  stepDuration(step: string, ms: number): void {
    // Its own metric set, so the step dimension does not land on the business counts.
    const single = this.metrics.singleMetric();
    single.addDimension('step', step);
    single.addMetric('StepDuration', MetricUnit.Milliseconds, ms);
  }
}

/** A handler with the Lambda context in its logs and its metrics flushed as it returns. */
export function withPowertools<E, O>(handler: (event: E) => Promise<O>) {
  return async (event: E, context?: Parameters<PowertoolsLogger['addContext']>[0]): Promise<O> => {
    if (context) powertools.logger.addContext(context);
    try {
      return await handler(event);
    } finally {
      powertools.metrics.publishStoredMetrics();
    }
  };
}
