import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../infra/local/s3-server.ts';
import { cli } from './helpers/cli.ts';
import { freePort, type Served, startServe } from './helpers/serve.ts';

let served: Served | undefined;
afterAll(async () => {
  await served?.stop();
});

describe('paragraf serve', () => {
  it('keeps a local cloud running that any S3 client can use, and stops on SIGINT', async () => {
    served = await startServe();
    const output = () => served?.output() ?? '';
    const eventsFile = served.eventsFile;
    const s3Port = Number(new URL(served.s3).port);
    expect(output()).toContain(served.s3);

    const s3 = localS3Client(`http://127.0.0.1:${s3Port}`);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'paragraf-input',
        Key: 'incoming/served.txt',
        Body: 'Served story\n\nThe council approved the tram on Wednesday.\n\nWork starts in March.',
        Metadata: { 'target-languages': 'es' },
      }),
    );
    await expect.poll(output, { timeout: 20_000, interval: 100 }).toContain('succeeded incoming/served.txt');
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
        outputs: ['served/article.json', 'served/es.md', 'served/es.html', 'served/index.html'],
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

    expect(await served.stop()).toBe(0);
    served = undefined;
  });
});
