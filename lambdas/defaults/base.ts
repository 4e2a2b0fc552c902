import { type Config, loadConfig } from '../../shared/config.ts';
import type { Logger, Metrics } from '../../shared/ports.ts';
import { EmfMetrics, PowertoolsLogAdapter, powertools } from './powertools.ts';

export interface BaseDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
}

/** Parsed once per cold start: a missing variable stops the function here, loudly. */
export const baseDeps = (): BaseDeps => ({
  config: loadConfig(process.env),
  logger: new PowertoolsLogAdapter(powertools.logger),
  metrics: new EmfMetrics(powertools.metrics),
  now: () => new Date(),
});
