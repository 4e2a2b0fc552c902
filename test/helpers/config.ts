import { CORRECTIONS_PREFIX, MEMORY_PREFIX, WORK_PREFIX } from '../../shared/keys.ts';

/** The smallest environment the pipeline's configuration accepts (shared/config.ts), for tests. */
export const pipelineEnv = {
  OUTPUT_BUCKET: 'out',
  INPUT_PREFIX: 'incoming/',
  // The project's own prefixes, as the local cloud sets them (infra/local/cloud.ts).
  WORK_PREFIX,
  CACHE_PREFIX: '_cache/',
  MEMORY_PREFIX,
  CORRECTIONS_PREFIX,
  DEFAULT_TARGET_LANGUAGES: 'es',
  EVENT_BUS_NAME: 'default',
};
