import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { MEMORY_PREFIX } from '../../shared/keys.ts';
import { STEP_NAMES, type StepName } from '../../shared/workflow.ts';
import { CACHE_PREFIX, type ParagrafStack, WORK_PREFIX } from './stack.ts';

export function logicalId(construct: IConstruct): string {
  const cfn = construct.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(cfn);
}

const arn = (construct: IConstruct) => `<${logicalId(construct)}.Arn>`;

/**
 * Every acknowledged cdk-nag finding, each with the reason a security reviewer needs. Finding ids
 * are built from logical ids so a renamed resource shows up as a new, unacknowledged finding.
 */
export function acknowledgeFindings(
  stack: ParagrafStack,
  inputPrefix: string,
  correctionsPrefix: string,
): void {
  const output = arn(stack.outputBucket);
  const input = arn(stack.inputBucket);
  const work = `Resource::${output}/${WORK_PREFIX}*`;

  const status: [string, string] = [
    `Resource::${output}/*/status.json`,
    'Reads and writes status.json of any article (ordering checks, progress); the suffix pins the object name.',
  ];
  const wildcards: Record<StepName, Array<[string, string]>> = {
    split: [
      [`Resource::${input}/${inputPrefix}*`, 'Reads any uploaded article, and only under the input prefix.'],
      [
        work,
        'Claims the run and writes its work files; keys are per article and run, so the prefix is the narrowest static scope.',
      ],
      status,
    ],
    summarize: [
      [work, 'Reads and writes this run’s work files, under the work prefix only.'],
      [
        `Resource::${output}/${CACHE_PREFIX}articles/*`,
        'Reads the translation manifest of the article it summarizes (one object per article), under the manifest prefix only.',
      ],
      [
        `Resource::${output}/${MEMORY_PREFIX}*`,
        'Reads the translation memory of the language pairs it translates (one object per pair), under its prefix only.',
      ],
    ],
    translate: [
      [work, 'Reads and writes this run’s work files, under the work prefix only.'],
      status,
      [
        'Resource::*',
        'translate:TranslateText and comprehend:DetectDominantLanguage (which Translate calls for source "auto") have no resource-level permissions; X-Ray PutTraceSegments/PutTelemetryRecords require "*".',
      ],
    ],
    assemble: [
      [work, 'Reads this run’s work files, under the work prefix only.'],
      [
        `Resource::${output}/*/article.json`,
        'Writes article.json of any article; the suffix pins the object name.',
      ],
      [`Resource::${output}/*.md`, 'Writes the <lang>.md files; only Markdown objects.'],
      [
        `Resource::${output}/${CACHE_PREFIX}articles/*`,
        'Writes the translation manifest of the article it assembled (one object per article), under the manifest prefix only.',
      ],
      [
        `Resource::${output}/*.html`,
        'Writes the side-by-side reader (index.html) and the <lang>.html pages of any article; only HTML objects.',
      ],
      status,
    ],
    fail: [
      [
        `Resource::${input}/${inputPrefix}*`,
        'HEADs an uploaded article, only under the input prefix, to tell a raw event key from a URL-encoded one when Split could not.',
      ],
      [
        `Resource::${output}/*/error.json`,
        'Writes error.json of any article; the suffix pins the object name.',
      ],
      status,
    ],
  };

  for (const step of STEP_NAMES) {
    const findings = wildcards[step];
    const fn = stack.functions[step];
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error(`${step} role has no policy`);
    const all: Array<[string, string]> = [
      ...findings,
      [
        `Resource::${arn(fn.node.findChild('Logs'))}:log-stream:*`,
        'Log streams are created at run time inside the function’s own log group.',
      ],
    ];
    if (step !== 'translate')
      all.push([
        'Resource::*',
        'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.',
      ]);
    for (const [finding, reason] of all)
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    Validations.of(fn.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by Step Functions, which retries and catches failures into RecordFailure; an async DLQ would never receive anything.',
    });
  }

  // The corrections rule's target.
  const correct = stack.correctFunction;
  const correctPolicy = correct.role.node.tryFindChild('DefaultPolicy');
  if (!correctPolicy) throw new Error('correct role has no policy');
  const memory = `Resource::${output}/${MEMORY_PREFIX}*`;
  for (const [finding, reason] of [
    [
      `Resource::${input}/${correctionsPrefix}*`,
      'Reads any uploaded correction, and only under the corrections prefix.',
    ],
    [
      `Resource::${output}/*/article.json`,
      'Reads and rewrites article.json of the article a correction names; the suffix pins the object name.',
    ],
    [
      `Resource::${output}/*/corrections/*`,
      'Writes the outcome of each correction beside the article it names, under its corrections/ folder only.',
    ],
    [
      `Resource::${output}/${correctionsPrefix}*`,
      'Writes the outcome of a correction whose key names no article, under the corrections prefix only.',
    ],
    [
      memory,
      'Reads and extends the translation memory (one object per language pair), under its prefix only.',
    ],
    [`Resource::${output}/*.md`, 'Rewrites the corrected <lang>.md; only Markdown objects.'],
    [`Resource::${output}/*.html`, 'Rewrites index.html and the corrected <lang>.html; only HTML objects.'],
    status,
    [
      `Resource::${arn(correct.node.findChild('Logs'))}:log-stream:*`,
      'Log streams are created at run time inside the function’s own log group.',
    ],
    [
      'Resource::*',
      'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.',
    ],
  ] as Array<[string, string]>)
    Validations.of(correctPolicy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });

  const machinePolicy = stack.stateMachine.role.node.tryFindChild('DefaultPolicy');
  if (!machinePolicy) throw new Error('state machine role has no policy');
  for (const step of STEP_NAMES) {
    Validations.of(machinePolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arn(stack.functions[step].fn)}:*]`,
      reason:
        'lambda:InvokeFunction on the function and its versions/aliases (the ":*" form CDK grants); no other function.',
    });
  }
  Validations.of(machinePolicy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) require "*".',
  });

  Validations.of(stack.deadLetters).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter queue of the EventBridge target.',
  });
  Validations.of(stack.deadLetters).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason: 'This queue is itself the dead-letter queue; nothing consumes from it to redrive.',
  });
}
