import { JsonLogger, silentLogger } from '../../shared/adapters/json-logger.ts';
import type { Logger } from '../../shared/ports.ts';

/**
 * PARAGRAF_LOG=json prints the pipeline's JSON log lines (keys, counts, codes) on stderr;
 * PARAGRAF_LOG=debug does too, and adds the stack of an unexpected error.
 */
export function cliLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return env.PARAGRAF_LOG === 'json' || env.PARAGRAF_LOG === 'debug'
    ? new JsonLogger((line) => process.stderr.write(`${line}\n`))
    : silentLogger;
}
