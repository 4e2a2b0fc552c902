import { JsonLogger, silentLogger } from '../../shared/adapters/json-logger.ts';
import type { Logger } from '../../shared/ports.ts';

/** PARAGRAF_LOG=json prints the pipeline's JSON log lines (keys, counts, codes) on stderr. */
export function cliLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return env.PARAGRAF_LOG === 'json'
    ? new JsonLogger((line) => process.stderr.write(`${line}\n`))
    : silentLogger;
}
