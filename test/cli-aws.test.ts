import { GetObjectCommand, ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListLanguagesCommand, TranslateClient } from '@aws-sdk/client-translate';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../infra/cli/main.ts';
import { resolveTarget } from '../infra/cli/target.ts';

/**
 * What the local cloud cannot show: the deployed stack's credential, region and bucket errors.
 * S3 is mocked here and only here.
 */
const s3 = mockClient(S3Client);
const env = { PARAGRAF_INPUT_BUCKET: 'in-bucket', PARAGRAF_OUTPUT_BUCKET: 'out-bucket' };
const saved = { ...process.env };

beforeEach(() => {
  s3.reset();
  Object.assign(process.env, env);
});
afterEach(() => {
  process.env = { ...saved };
});

async function cli(...args: string[]) {
  const err: string[] = [];
  const code = await main(
    ['node', 'paragraf', ...args],
    () => {},
    (l) => err.push(l),
  );
  return { code, err: err.join('\n') };
}

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

describe('the deployed stack', () => {
  it('takes bucket names from the environment and the outputs file, and the rest from the SDK chain', () => {
    const target = resolveTarget({}, { ...env, PARAGRAF_INPUT_PREFIX: 'news/' });
    expect(target).toMatchObject({
      inputBucket: 'in-bucket',
      outputBucket: 'out-bucket',
      inputPrefix: 'news/',
      local: false,
    });
  });

  it('says how to get credentials when there are none', async () => {
    s3.on(ListObjectsCommand).rejects(
      awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
    );
    const r = await cli('ls');
    expect(r.code).toBe(1);
    expect(r.err).toContain('No AWS credentials found');
    expect(r.err).toContain('aws configure');
  });

  it('says how to set a region when there is none', async () => {
    s3.on(ListObjectsCommand).rejects(new Error('Region is missing'));
    const r = await cli('ls');
    expect(r.err).toContain('No AWS region. Set AWS_REGION');
  });

  it('names the bucket that does not exist', async () => {
    s3.on(ListObjectsCommand).rejects(awsError('NoSuchBucket'));
    const r = await cli('ls');
    expect(r.err).toContain('Bucket not found (in-bucket / out-bucket)');
  });

  it('lists with ListObjects and a marker, which S3 and the local stand-in both page correctly', async () => {
    s3.on(ListObjectsCommand).resolves({ Contents: [{ Key: 'a/status.json' }], IsTruncated: false });
    s3.on(GetObjectCommand).rejects(awsError('NoSuchKey'));
    const r = await cli('ls');
    expect(r.code).toBe(0);
    const calls = s3.commandCalls(ListObjectsCommand);
    expect(calls[0]?.args[0].input).toEqual({ Bucket: 'out-bucket' });
  });
});

describe('paragraf languages with a stack configured', () => {
  const translate = mockClient(TranslateClient);
  afterEach(() => translate.reset());

  it("lists Amazon Translate's languages, every page of ListLanguages; --local lists the local engine's pairs", async () => {
    translate
      .on(ListLanguagesCommand, { NextToken: undefined })
      .resolves({ Languages: [{ LanguageCode: 'en', LanguageName: 'English' }], NextToken: 'page-2' })
      .on(ListLanguagesCommand, { NextToken: 'page-2' })
      .resolves({ Languages: [{ LanguageCode: 'es-MX', LanguageName: 'Spanish (Mexico)' }] });
    const out: string[] = [];
    const code = await main(
      ['node', 'paragraf', 'languages', '--region', 'us-east-1'],
      (l) => out.push(l),
      () => {},
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/Amazon Translate: 2 languages/);
    expect(out.join('\n')).toMatch(/es-MX\s+Spanish \(Mexico\)/);

    const local: string[] = [];
    await main(
      ['node', 'paragraf', 'languages', '--local'],
      (l) => local.push(l),
      () => {},
    );
    expect(local.join('\n')).toMatch(/en → es\s+installed/);
  });
});
