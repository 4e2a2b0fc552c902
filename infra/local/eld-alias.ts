import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { eldCompactEntry } from '../aws/constructs/eld-data.ts';

/**
 * The local cloud's threads load eld as the Lambda bundles do: `eld/extrasmall` resolves to its
 * generated twin with the n-grams in flat strings (infra/aws/constructs/eld-data.ts), the same
 * detector over the same table (test/infra/eld-ngrams.test.ts). The package's own entry builds
 * 49,553 objects from a 950 KB literal when it loads: about 0.3 s on each of the two threads,
 * at the start of every `paragraf run` and `serve`, against under 20 ms for the twin.
 * A resolve hook is per thread: bin/paragraf.mjs calls this for the main thread, lambda-worker.ts
 * for the Lambda thread, each before anything imports eld. Left as it is when the twin cannot be
 * made (an eld whose data no longer has the expected shape): the package's entry still works.
 */
export function loadEldAsTheLambdasDo(): void {
  let url: string;
  try {
    url = pathToFileURL(eldCompactEntry()).href;
  } catch {
    return;
  }
  module.registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === 'eld/extrasmall' ? { url, shortCircuit: true } : nextResolve(specifier, context),
  });
}
