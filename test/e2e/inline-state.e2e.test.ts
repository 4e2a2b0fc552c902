import { readFileSync } from 'node:fs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../../infra/local/state-machine.ts';
import type { ArticleDocument } from '../../shared/schemas/document.ts';
import { AssembleInput } from '../../shared/schemas/steps.ts';
import { STEP_FUNCTIONS_LIMITS } from '../../shared/workflow.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * Work files that ride in the Step Functions state (INLINE_WORK_BYTES) against the same article
 * through S3 work files (INLINE_WORK_BYTES=0): the same outputs, fewer objects. The second cloud
 * also runs the Lambdas on its main thread instead of a worker thread: the same outputs again.
 */
let inline: TestCloud;
let files: TestCloud;
beforeAll(async () => {
  inline = await startTestCloud();
  files = await startTestCloud({ env: { INLINE_WORK_BYTES: '0' }, lambdas: 'in-process' });
});
afterAll(async () => {
  await Promise.all([inline?.stop(), files?.stop()]);
});

const example = readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url), 'utf8');

async function workKeys(t: TestCloud, articleId: string): Promise<string[]> {
  const listed = await t.s3.send(
    new ListObjectsV2Command({ Bucket: t.cloud.outputBucket, Prefix: `_work/${articleId}/` }),
  );
  return (listed.Contents ?? []).map((o) => (o.Key ?? '').split('/').pop() ?? '').sort();
}

/** What a reader gets, without the times and durations that differ from run to run. */
function content(doc: ArticleDocument) {
  const { createdAt: _created, stats, ...rest } = doc;
  const { durationsMs: _durations, ...counts } = stats;
  return { ...rest, stats: counts };
}

const assembleInput = (result: ExecutionResult) =>
  AssembleInput.parse(result.calls.find((c) => c.step === 'assemble')?.input);

describe('a small article', () => {
  it('keeps its work in the state: no work file but the claim, and the same outputs as through S3', async () => {
    const [small, big] = await Promise.all([
      inline.upload('incoming/harbour-tram.txt', example),
      files.upload('incoming/harbour-tram.txt', example),
    ]);
    expect(small.status).toBe('SUCCEEDED');
    expect(big.status).toBe('SUCCEEDED');

    expect(await workKeys(inline, 'harbour-tram')).toEqual(['claim.json']);
    expect(await workKeys(files, 'harbour-tram')).toEqual([
      'batch-00000-units.json',
      'batch-00000.json',
      'claim.json',
      'paragraphs.json',
      'units.json',
    ]);
    expect(content(await inline.article('harbour-tram'))).toEqual(
      content(await files.article('harbour-tram')),
    );

    const carried = assembleInput(small);
    expect(carried.paragraphsFile?.blocks).toHaveLength(20);
    expect(carried.unitsFile?.units.length).toBeGreaterThan(20);
    expect(carried.batches[0]?.batchUnitsFile?.batches).toBe(1);
    expect(carried.translated[0]?.batchFile?.translations.es?.length).toBe(carried.unitsFile?.units.length);
    expect(Buffer.byteLength(JSON.stringify(carried))).toBeLessThan(STEP_FUNCTIONS_LIMITS.stateBytes / 2);
    const bare = assembleInput(big);
    expect(bare.paragraphsFile).toBeUndefined();
    expect(bare.unitsFile).toBeUndefined();
    expect(bare.translated[0]?.batchFile).toBeUndefined();
  });
});

describe('an article whose work files outgrow INLINE_WORK_BYTES', () => {
  it('goes through S3 work files, cut into batches', async () => {
    // About 60 KB of paragraphs: over the 32 KiB default, and more than one batch.
    const long = Array.from({ length: 16 }, (_, copy) =>
      example.replace(/\d+/g, (n) => String(Number(n) + copy)),
    ).join('\n\n');
    const result = await inline.upload('incoming/long-tram.txt', long);
    expect(result.status).toBe('SUCCEEDED');
    const keys = await workKeys(inline, 'long-tram');
    expect(keys).toContain('paragraphs.json');
    expect(keys).toContain('units.json');
    expect(keys).toContain('batch-00001.json');
    const doc = await inline.article('long-tram');
    expect(doc.stats.batches).toBeGreaterThan(1);
    expect(doc.paragraphs.every((p) => (p.translations.es?.text ?? '') !== '')).toBe(true);
  });
});
