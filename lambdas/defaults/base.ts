import { JsonLogger } from '../../shared/adapters/json-logger.ts';
import { type Config, loadConfig } from '../../shared/config.ts';
import type { Logger } from '../../shared/ports.ts';

export interface BaseDeps {
  config: Config;
  logger: Logger;
  now: () => Date;
}

/** Parsed once per cold start: a missing variable stops the function here, loudly. */
export const baseDeps = (): BaseDeps => ({
  config: loadConfig(process.env),
  logger: new JsonLogger(),
  now: () => new Date(),
});
