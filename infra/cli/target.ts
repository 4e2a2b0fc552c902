import { existsSync, readFileSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { CORRECTIONS_PREFIX } from '../../shared/keys.ts';
import { LOCAL_INPUT_BUCKET, LOCAL_OUTPUT_BUCKET, localS3Client } from '../local/endpoints.ts';

/** Where the CLI talks to: the deployed stack or `paragraf serve`. */
export interface Target {
  s3: S3Client;
  inputBucket: string;
  outputBucket: string;
  inputPrefix: string;
  /** Where corrections go in the input bucket (cdk-outputs.json's CorrectionsPrefix). */
  correctionsPrefix: string;
  local: boolean;
  /** The pipeline's state machine (cdk-outputs.json's StateMachineArn, or PARAGRAF_STATE_MACHINE_ARN). */
  stateMachineArn?: string;
  /**
   * The flags that chose this target, as the user typed them (" --local --endpoint URL"), appended
   * to every hint so that following it talks to the same place.
   */
  hintFlags: string;
}

export interface TargetOptions {
  local?: boolean;
  endpoint?: string;
  outputsFile?: string;
  inputBucket?: string;
  outputBucket?: string;
  inputPrefix?: string;
  region?: string;
}

/** The file `cdk deploy --outputs-file` writes: { "<stack>": { "InputBucketName": … } }. */
const StackOutputs = z.record(
  z.string(),
  z
    .object({
      InputBucketName: z.string(),
      OutputBucketName: z.string(),
      InputPrefix: z.string().optional(),
      CorrectionsPrefix: z.string().optional(),
      StateMachineArn: z.string().optional(),
    })
    .loose(),
);

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export const LOCAL_ENDPOINT = 'http://127.0.0.1:4568';

export function resolveTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
  makeClient = (region?: string) => new S3Client(region ? { region } : {}),
): Target {
  if (options.local) {
    const endpoint = options.endpoint ?? env.PARAGRAF_ENDPOINT ?? LOCAL_ENDPOINT;
    // PARAGRAF_ENDPOINT is still set when the hint is followed; an --endpoint typed on the command line is not.
    const typed = options.endpoint !== undefined && options.endpoint !== env.PARAGRAF_ENDPOINT;
    return {
      s3: localS3Client(endpoint),
      inputBucket: LOCAL_INPUT_BUCKET,
      outputBucket: LOCAL_OUTPUT_BUCKET,
      inputPrefix: 'incoming/',
      correctionsPrefix: CORRECTIONS_PREFIX,
      local: true,
      hintFlags: typed ? ` --local --endpoint ${endpoint}` : ' --local',
    };
  }
  let fromFile: {
    InputBucketName?: string;
    OutputBucketName?: string;
    InputPrefix?: string | undefined;
    CorrectionsPrefix?: string | undefined;
    StateMachineArn?: string | undefined;
  } = {};
  const file = options.outputsFile ?? (existsSync('cdk-outputs.json') ? 'cdk-outputs.json' : undefined);
  if (file) {
    if (!existsSync(file))
      throw new TargetError(
        `No outputs file at ${file}. Deploy with: npm run deploy (it writes cdk-outputs.json).`,
      );
    const parsed = StackOutputs.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    const stack = parsed.success ? Object.values(parsed.data)[0] : undefined;
    if (!stack)
      throw new TargetError(`${file} has no Paragraf stack outputs (InputBucketName, OutputBucketName).`);
    fromFile = stack;
  }
  const inputBucket = options.inputBucket ?? env.PARAGRAF_INPUT_BUCKET ?? fromFile.InputBucketName;
  const outputBucket = options.outputBucket ?? env.PARAGRAF_OUTPUT_BUCKET ?? fromFile.OutputBucketName;
  if (!inputBucket || !outputBucket) {
    throw new TargetError(
      'Which stack? Pass --outputs-file cdk-outputs.json (written by npm run deploy), set PARAGRAF_INPUT_BUCKET and PARAGRAF_OUTPUT_BUCKET, or use --local for paragraf serve.',
    );
  }
  return {
    s3: makeClient(options.region),
    inputBucket,
    outputBucket,
    inputPrefix: options.inputPrefix ?? env.PARAGRAF_INPUT_PREFIX ?? fromFile.InputPrefix ?? 'incoming/',
    correctionsPrefix: env.PARAGRAF_CORRECTIONS_PREFIX ?? fromFile.CorrectionsPrefix ?? CORRECTIONS_PREFIX,
    local: false,
    ...((env.PARAGRAF_STATE_MACHINE_ARN ?? fromFile.StateMachineArn)
      ? { stateMachineArn: env.PARAGRAF_STATE_MACHINE_ARN ?? fromFile.StateMachineArn }
      : {}),
    hintFlags: [
      options.outputsFile ? ` --outputs-file ${options.outputsFile}` : '',
      options.region ? ` --region ${options.region}` : '',
    ].join(''),
  };
}

/** Turns SDK failures into one line that names the next step. */
export function describeAwsError(
  err: unknown,
  target: { inputBucket: string; outputBucket: string; local: boolean },
): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const name = err.name;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(err.message)) {
    return 'No AWS credentials found. Run `aws configure` (or `aws sso login`), set AWS_PROFILE, or use --local for paragraf serve.';
  }
  if (/Region is missing/i.test(err.message))
    return 'No AWS region. Set AWS_REGION (or a region in your AWS profile), or pass --region.';
  if (name === 'NoSuchBucket') {
    return `Bucket not found (${target.inputBucket} / ${target.outputBucket}). Check the region and cdk-outputs.json, or deploy with npm run deploy.`;
  }
  if (name === 'AccessDenied' || name === 'Forbidden')
    return 'Access denied by S3. Check that your AWS identity may read and write the Paragraf buckets.';
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'ExpiredToken') {
    return `AWS rejected the credentials (${name}). Refresh them (aws sso login / aws configure) and try again.`;
  }
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  if (code === 'ECONNREFUSED' && target.local)
    return 'Nothing answers at the local endpoint. Start it with: npm start -- serve';
  return undefined;
}
