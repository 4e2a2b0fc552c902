import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * How the local cloud runs many uploads at once: a bounded number of executions (the rest wait
 * their turn, none is dropped), and uploads accepted while the Lambdas' thread is still loading.
 */
let t: TestCloud;
let running = 0;
let mostAtOnce = 0;
beforeAll(async () => {
  // Resolves before the Lambdas' thread is ready: the uploads below may come before it is.
  t = await startTestCloud({ maxExecutions: 2, lambdasLater: true });
  const machine = t.cloud.machine;
  const execute = machine.execute.bind(machine);
  machine.execute = async (...args) => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    try {
      return await execute(...args);
    } finally {
      running--;
    }
  };
});
afterAll(async () => {
  await t?.stop();
});

describe('many uploads at once', () => {
  it('run at most maxExecutions at a time, and every one of them ends', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.upload(`incoming/wave-${i}.txt`, `The council met on day ${i}.\n\nThe tram runs again.`, {
          'target-languages': 'es',
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('SUCCEEDED'));
    expect(mostAtOnce).toBe(2);
    for (let i = 0; i < 6; i++) expect((await t.status(`wave-${i}`)).state).toBe('succeeded');
  }, 60_000);
});
