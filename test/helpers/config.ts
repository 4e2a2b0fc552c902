/** The smallest environment the pipeline's configuration accepts (shared/config.ts), for tests. */
export const pipelineEnv = {
  OUTPUT_BUCKET: 'out',
  INPUT_PREFIX: 'incoming/',
  WORK_PREFIX: '_work/',
  CACHE_PREFIX: '_cache/',
  MEMORY_PREFIX: '_memory/',
  CORRECTIONS_PREFIX: 'corrections/',
  DEFAULT_TARGET_LANGUAGES: 'es',
  EVENT_BUS_NAME: 'default',
};
