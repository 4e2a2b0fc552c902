import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { STEP_NAMES } from '../../shared/workflow.ts';
import { accessTable, type Resource, type Role, wildcardReasons } from './access.ts';
import type { PipelineFunction } from './constructs/pipeline-function.ts';
import type { ParagrafStack } from './stack.ts';

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
  const table = accessTable({ inputPrefix, correctionsPrefix });
  const finding = (resource: Resource): string => {
    if ('any' in resource) return 'Resource::*';
    if (!('bucket' in resource)) throw new Error('only bucket patterns and "*" are wildcards');
    const bucket = arn(resource.bucket === 'input' ? stack.inputBucket : stack.outputBucket);
    return `Resource::${bucket}/${resource.path ?? ''}`;
  };
  const roles: Array<[Role, PipelineFunction]> = [
    ...STEP_NAMES.map((step): [Role, PipelineFunction] => [step, stack.functions[step]]),
    ['correct', stack.correctFunction],
  ];
  for (const [role, fn] of roles) {
    const policy = fn.role.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error(`${role} role has no policy`);
    const granted = wildcardReasons(table, role);
    const all: Array<[string, string]> = [
      ...granted.map(({ resource, why }): [string, string] => [finding(resource), why]),
      [
        `Resource::${arn(fn.node.findChild('Logs'))}:log-stream:*`,
        'Log streams are created at run time inside the function’s own log group.',
      ],
    ];
    // X-Ray's actions take "*": acknowledged here unless the table already grants "*" (translate).
    if (!granted.some(({ resource }) => 'any' in resource))
      all.push([
        'Resource::*',
        'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.',
      ]);
    for (const [id, reason] of all)
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${id}]`, reason });
    if (role === 'correct') continue;
    Validations.of(fn.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by Step Functions, which retries and catches failures into RecordFailure; an async DLQ would never receive anything.',
    });
  }

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
