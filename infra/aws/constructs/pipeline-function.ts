import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StepName } from '../../../shared/workflow.ts';
import { eldCompactEntry } from './eld-data.ts';

/** Modules the bundles take from elsewhere than the sources do (bench:cold and the tests use them too). */
export const LAMBDA_ALIASES: Record<string, string> = { 'eld/extrasmall': eldCompactEntry() };

/** eld's n-gram strings stay one character per character instead of six-character `\uXXXX` escapes. */
const CHARSET = 'utf8';

/**
 * How every Lambda is bundled (bench:cold builds with the same settings). The AWS SDK is bundled,
 * not taken from the runtime: the claims and progress counter rely on PutObject's IfNoneMatch and
 * IfMatch, and the tests pin the SDK version that has them. The runtime's SDK moves on its own.
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: [] as string[],
  // ESM bundles of the AWS SDK still call require() for Node built-ins.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  forceDockerBundling: false,
  metafile: false,
  esbuildArgs: {
    ...Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
    // This aws-cdk-lib documents a `charset` prop but does not pass it on to esbuild.
    '--charset': CHARSET,
  },
};

/** The same settings for esbuild's own API, for bench:cold and the tests that build bundles. */
export const LAMBDA_ESBUILD = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  charset: CHARSET,
  mainFields: LAMBDA_BUNDLING.mainFields,
  external: LAMBDA_BUNDLING.externalModules,
  banner: { js: LAMBDA_BUNDLING.banner },
  alias: LAMBDA_ALIASES,
  logLevel: 'error',
} as const;

/** Every Lambda: the pipeline's steps, and the target of the corrections rule. */
export type FunctionName = StepName | 'correct';

export interface PipelineFunctionProps {
  step: FunctionName;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /** Reserved concurrency: at most this many instances, and this many kept for the function. */
  reservedConcurrency?: number;
  /** For a function invoked asynchronously: where an event goes when every retry has failed. */
  deadLetterQueue?: IQueue;
}

/**
 * The defaults every Paragraf Lambda shares: arm64, the newest Node runtime, X-Ray, a log group
 * with retention, minified ESM bundles with source maps that Node actually uses, and a role of
 * its own with no managed policy (only its log group, plus what the stack grants).
 */
export class PipelineFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Paragraf ${props.step} step`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(new URL(`../../../lambdas/${props.step}/index.ts`, import.meta.url)),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup,
      environment: {
        ...props.environment,
        // sourceMap no longer implies this flag; without it stack traces point into the bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: LAMBDA_BUNDLING,
    });
  }
}
