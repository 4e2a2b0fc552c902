import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  ExecutionAlreadyExists,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnreconciled, startUnreconciled } from '../infra/cli/reconcile.ts';
import type { Target } from '../infra/cli/target.ts';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import { startLocalS3 } from '../infra/local/s3-server.ts';
import { WORK_PREFIX } from '../shared/keys.ts';
import { ObjectCreatedEvent } from '../shared/schemas/events.ts';
import { cli } from './helpers/cli.ts';

/**
 * paragraf reconcile against the local cloud (its S3, its pipeline), and with a mocked Step
 * Functions client for the two AWS calls the local cloud has no stand-in for.
 */
const dir = mkdtempSync(join(tmpdir(), 'paragraf-reconcile-'));
let cloud: LocalCloud;
const story = 'The council approved the tram on Wednesday.\n\nWork starts in March.';
const old = new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString();

beforeAll(async () => {
  // Uploads whose events were lost: put while no pipeline listened.
  const bare = await startLocalS3({ buckets: ['paragraf-input', 'paragraf-output'], directory: dir });
  const s3 = bare.client();
  for (const name of ['lost-a', 'lost-b', 'stuck'])
    await s3.send(
      new PutObjectCommand({
        Bucket: 'paragraf-input',
        Key: `incoming/${name}.txt`,
        Body: story,
        Metadata: { 'target-languages': 'es' },
      }),
    );
  // A run left running three hours ago, past the state machine's timeout.
  await s3.send(
    new PutObjectCommand({
      Bucket: 'paragraf-output',
      Key: 'stuck/status.json',
      Body: JSON.stringify({
        articleId: 'stuck',
        runId: '0123456789abcdef',
        state: 'running',
        sourceKey: 'incoming/stuck.txt',
        updatedAt: old,
      }),
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: 'paragraf-output',
      Key: `${WORK_PREFIX}stuck/0123456789abcdef/claim.json`,
      Body: JSON.stringify({
        executionId: 'arn:aws:states:us-east-1:1:execution:Pipeline:first',
        claimedAt: old,
      }),
    }),
  );
  await bare.stop();
  cloud = await startLocalCloud({ directory: dir, recover: false });
});
afterAll(async () => {
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const localTarget = (): Target => ({
  s3: cloud.s3.client(),
  inputBucket: cloud.inputBucket,
  outputBucket: cloud.outputBucket,
  inputPrefix: cloud.inputPrefix,
  correctionsPrefix: cloud.config.CORRECTIONS_PREFIX,
  local: false,
  hintFlags: '',
});

describe('paragraf reconcile', () => {
  it('on AWS: StartExecution named by the run key with the rule’s event, once; RedriveExecution of a stuck run', async () => {
    const found = await findUnreconciled(localTarget());
    expect(found.map((r) => [r.key, r.reason]).sort()).toEqual([
      ['incoming/lost-a.txt', 'no-outcome'],
      ['incoming/lost-b.txt', 'no-outcome'],
      ['incoming/stuck.txt', 'stuck'],
    ]);
    const sfn = mockClient(SFNClient);
    const names = new Set<string>();
    sfn.on(StartExecutionCommand).callsFake((input: { name?: string }) => {
      if (names.has(input.name ?? '')) throw new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
      names.add(input.name ?? '');
      return {
        executionArn: `arn:aws:states:us-east-1:1:execution:Pipeline:${input.name}`,
        startDate: new Date(),
      };
    });
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date() });
    const client = new SFNClient({ region: 'us-east-1' });
    const target = {
      sfn: client,
      stateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:Pipeline',
      workPrefix: WORK_PREFIX,
    };
    const first = await startUnreconciled(localTarget(), found, target);
    expect(first.map((r) => r.started).sort()).toEqual(['redriven', 'started', 'started']);
    const starts = sfn.commandCalls(StartExecutionCommand);
    for (const call of starts) {
      const input = call.args[0].input;
      expect(input.name).toMatch(/^reconcile-[0-9a-f]{16}$/);
      const event = ObjectCreatedEvent.parse(JSON.parse(input.input ?? '{}'));
      expect(event.detail.bucket.name).toBe('paragraf-input');
      expect(event.detail.object.etag).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(sfn.commandCalls(RedriveExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: 'arn:aws:states:us-east-1:1:execution:Pipeline:first',
    });
    // A second reconcile of the same uploads starts nothing new: the names are taken.
    const again = await startUnreconciled(
      localTarget(),
      found.filter((r) => r.reason === 'no-outcome'),
      target,
    );
    expect(again.map((r) => r.started)).toEqual(['already-started', 'already-started']);
    client.destroy();
    sfn.restore();
  });

  it('locally: a dry run by default, --json for scripts, and --start runs the lost uploads through the pipeline', async () => {
    const endpoint = cloud.s3.endpoint;
    const dry = await cli('reconcile', '--local', '--endpoint', endpoint);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('no outcome  incoming/lost-a.txt  (article lost-a)');
    expect(dry.out).toContain('stuck       incoming/stuck.txt  (article stuck)');
    expect(dry.out).toContain(
      `2 without an outcome, 1 stuck. Start them with: paragraf reconcile --start --local --endpoint ${endpoint}`,
    );
    const json = JSON.parse((await cli('reconcile', '--local', '--endpoint', endpoint, '--json')).out);
    expect(json).toHaveLength(3);

    const started = await cli('reconcile', '--local', '--endpoint', endpoint, '--start');
    expect(started.out).toContain('incoming/lost-a.txt  (article lost-a)  -> copied');
    expect(started.out).toContain('-> failed: restart paragraf serve');
    await cloud.idle();
    const after = await cli('reconcile', '--local', '--endpoint', endpoint, '--json');
    expect(JSON.parse(after.out).map((r: { key: string }) => r.key)).toEqual(['incoming/stuck.txt']);
    expect(await cloud.s3.readText(cloud.outputBucket, 'lost-a/es.md')).toMatch(/tranvía/);
  });
});
