import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../infra/local/s3-server.ts';
import { PARAGRAF_BIN } from './helpers/paths.ts';
import { freePort, portAnswers, type Served, startServe } from './helpers/serve.ts';

/** Nothing lost at the edges of `paragraf serve`: its first second, and a process killed mid-run. */
const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function statusOf(s3: ReturnType<typeof localS3Client>, id: string): Promise<string | undefined> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: 'paragraf-output', Key: `${id}/status.json` }));
    return JSON.parse((await r.Body?.transformToString()) ?? '{}').state;
  } catch {
    return undefined;
  }
}

describe('paragraf serve at the edges', () => {
  it('processes an upload made the moment its S3 port answers, before the pipeline is wired', async () => {
    /**
     * One serve, and an upload as soon as its S3 port answers; whether serve had said it was ready
     * by the time S3 accepted it. The window is short now that serve starts fast (60–75 ms): on a
     * busy machine the upload can land after it, and then the edge was not tried.
     */
    const attempt = async () => {
      const root = mkdtempSync(join(tmpdir(), 'paragraf-early-'));
      const s3Port = await freePort();
      const child: ChildProcess = spawn(
        process.execPath,
        [
          PARAGRAF_BIN,
          'serve',
          '--s3-port',
          String(s3Port),
          '--translate-port',
          String(await freePort()),
          '--data',
          join(root, 's3'),
          '--events-file',
          join(root, 'events.jsonl'),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const served = { output: '' };
      child.stdout?.on('data', (d) => (served.output += String(d)));
      child.stderr?.on('data', (d) => (served.output += String(d)));
      const s3 = localS3Client(`http://127.0.0.1:${s3Port}`);
      cleanup.push(() => {
        s3.destroy();
        child.kill('SIGKILL');
        rmSync(root, { recursive: true, force: true });
      });
      // A script that waits for the port, then uploads at once.
      while (!(await portAnswers(s3Port))) await new Promise((r) => setTimeout(r, 5));
      await s3.send(
        new PutObjectCommand({
          Bucket: 'paragraf-input',
          Key: 'incoming/early.txt',
          Body: 'The council approved the tram on Wednesday.\n\nWork starts in March.',
          Metadata: { 'target-languages': 'es' },
        }),
      );
      return {
        served,
        s3,
        early: !served.output.includes('Press Ctrl+C to stop'),
        stop: () => child.kill('SIGKILL'),
      };
    };
    let run = await attempt();
    for (let tries = 1; !run.early && tries < 5; tries++) {
      run.stop();
      run = await attempt();
    }
    // The upload was accepted before serve said it was ready: it is processed all the same.
    expect(run.early).toBe(true);
    await expect
      .poll(() => run.served.output, { timeout: 30_000, interval: 100 })
      .toContain('succeeded incoming/early.txt');
    expect(await statusOf(run.s3, 'early')).toBe('succeeded');
  });

  it('finishes an article whose serve was killed mid-run, once, when serve starts again on the same data', async () => {
    let served: Served = await startServe();
    const root = served.root;
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    const s3 = localS3Client(served.s3);
    cleanup.push(() => s3.destroy());
    const paragraph = (i: number) =>
      `Paragraph ${i}: the council met again on Wednesday to discuss the harbour tram, the depot and the ${i} new stops along the old canal road.`;
    const body = Array.from({ length: 3000 }, (_, i) => paragraph(i)).join('\n\n');
    await s3.send(
      new PutObjectCommand({
        Bucket: 'paragraf-input',
        Key: 'incoming/killed.txt',
        Body: body,
        Metadata: { 'target-languages': 'es' },
      }),
    );
    await expect.poll(() => statusOf(s3, 'killed'), { timeout: 30_000, interval: 20 }).toBe('running');
    await served.kill();

    // Started again on the same folder and ports: the run left "running" is finished, once.
    served = await startServe(root, {
      s3Port: Number(new URL(served.s3).port),
      translatePort: Number(new URL(served.translate).port),
    });
    cleanup.push(() => served.stop({ keep: true }));
    await expect
      .poll(() => served.output(), { timeout: 5_000 })
      .toContain('resumed   incoming/killed.txt (left running by a stopped serve)');
    await expect
      .poll(() => served.output(), { timeout: 120_000, interval: 200 })
      .toContain('succeeded incoming/killed.txt');
    expect(await statusOf(s3, 'killed')).toBe('succeeded');
    expect(served.output().match(/succeeded incoming\/killed\.txt/g)).toHaveLength(1);

    // A third start finds nothing to do.
    await served.stop({ keep: true });
    served = await startServe(root, {
      s3Port: Number(new URL(served.s3).port),
      translatePort: Number(new URL(served.translate).port),
    });
    expect(served.output()).not.toContain('resumed');
  }, 240_000);
});
