import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { EmfMetrics, powertools, withPowertools } from '../../lambdas/defaults/powertools.ts';

/** The Lambdas' metrics as CloudWatch reads them: EMF lines on stdout, published as each invocation ends. */
afterEach(() => vi.restoreAllMocks());

const EmfLine = z.looseObject({
  _aws: z.object({
    CloudWatchMetrics: z.array(z.object({ Namespace: z.string(), Dimensions: z.array(z.array(z.string())) })),
  }),
});

function emfLines(writes: string[]) {
  return writes
    .flatMap((w) => w.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => EmfLine.parse(JSON.parse(l)));
}

describe('Powertools metrics (EMF)', () => {
  it('publishes the business counts and a per-step duration when the handler returns', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const metrics = new EmfMetrics(powertools.metrics);
    const handler = withPowertools(async (_event: unknown) => {
      metrics.count('ArticlesSucceeded', 1);
      metrics.count('CharactersTranslated', 4103);
      metrics.stepDuration('assemble', 12);
      return 'done';
    });
    expect(await handler({})).toBe('done');
    const lines = emfLines(writes);
    const business = lines.find((l) => 'ArticlesSucceeded' in l);
    expect(business).toMatchObject({ ArticlesSucceeded: 1, CharactersTranslated: 4103, service: 'paragraf' });
    expect(business?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Paragraf');
    const duration = lines.find((l) => 'StepDuration' in l);
    expect(duration).toMatchObject({ StepDuration: 12, step: 'assemble' });
    expect(duration?._aws.CloudWatchMetrics[0]?.Dimensions.flat()).toContain('step');
    // The business counts carry no step dimension.
    expect(business?._aws.CloudWatchMetrics[0]?.Dimensions.flat()).not.toContain('step');
  });
});
