import { LOCAL_PIPELINE_ENV } from '../../infra/local/cloud.ts';

/** A valid pipeline environment (shared/config.ts) for tests: the local cloud's, with a bucket of its own. */
export const pipelineEnv = { ...LOCAL_PIPELINE_ENV, OUTPUT_BUCKET: 'out' };
