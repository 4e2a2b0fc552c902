/** The CLI as a user runs it, and the repository root its README commands run from. */
export const PARAGRAF_BIN = new URL('../../bin/paragraf.mjs', import.meta.url).pathname;
export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
