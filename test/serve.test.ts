import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../infra/local/s3-server.ts';
import { cli } from './helpers/cli.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'paragraf-serve-'));
const eventsFile = join(dir, 'events.jsonl');
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('paragraf serve', () => {
  it('keeps a local cloud running that any S3 client can use, and stops on SIGINT', async () => {
    const [s3Port, translatePort] = [await freePort(), await freePort()];
    const bin = new URL('../bin/paragraf.mjs', import.meta.url).pathname;
    child = spawn(
      process.execPath,
      [
        bin,
        'serve',
        '--s3-port',
        String(s3Port),
        '--translate-port',
        String(translatePort),
        '--data',
        join(dir, 's3'),
        '--events-file',
        eventsFile,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (d) => {
      output += String(d);
    });
    await expect.poll(() => output, { timeout: 20_000, interval: 100 }).toContain('Press Ctrl+C to stop');
    expect(output).toContain(`http://127.0.0.1:${s3Port}`);

    const s3 = localS3Client(`http://127.0.0.1:${s3Port}`);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'paragraf-input',
        Key: 'incoming/served.txt',
        Body: 'Served story\n\nThe council approved the tram on Wednesday.\n\nWork starts in March.',
        Metadata: { 'target-languages': 'es' },
      }),
    );
    await expect
      .poll(() => output, { timeout: 20_000, interval: 100 })
      .toContain('succeeded incoming/served.txt');
    const md = await s3.send(new GetObjectCommand({ Bucket: 'paragraf-output', Key: 'served/es.md' }));
    expect(await md.Body?.transformToString()).toMatch(/tranvía/);
    s3.destroy();

    // The completion event, as a CMS's rule would receive it, readable with paragraf events.
    const events = await cli('events', '--file', eventsFile);
    expect(events.code).toBe(0);
    expect(events.out).toMatch(/Paragraf Article Completed\s+served {2}es$/m);
    const [line] = readFileSync(eventsFile, 'utf8').trim().split('\n');
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      source: 'paragraf',
      'detail-type': 'Paragraf Article Completed',
      detail: {
        articleId: 'served',
        status: 'succeeded',
        outputs: ['served/article.json', 'served/es.md', 'served/index.html'],
      },
    });

    // A second serve on the same port says why it cannot start, and that a paragraf serve answers there.
    const second = await cli(
      'serve',
      '--s3-port',
      String(s3Port),
      '--translate-port',
      String(await freePort()),
    );
    expect(second.code).toBe(1);
    expect(second.err).toContain(
      `Port ${s3Port} (--s3-port) is in use: a paragraf serve already answers there.`,
    );

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
