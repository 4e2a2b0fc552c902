import { createRequire } from 'node:module';
import { Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId } from '../../infra/aws/nag.ts';
import { RETRY, retryWindowSeconds, STEP_NAMES, type StepName } from '../../shared/workflow.ts';
import { buildTestApp, definitionOf, synthTemplate } from './synth.ts';

// asl-validator ships CommonJS without types: one function, (definition, options) => result.
const validateAsl: (
  definition: unknown,
  options: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errorsText(): string } = createRequire(import.meta.url)('asl-validator');

let synth: ReturnType<typeof synthTemplate>;
beforeAll(() => {
  synth = synthTemplate({ 'paragraf:maxConcurrency': 7, 'paragraf:targetLanguages': 'es,fr' });
});

type Statement = { Action: string | string[]; Resource: unknown };

/** All actions granted to the role of one step's function. */
function actionsOf(step: StepName): string[] {
  const { stack, template } = synth;
  const roleId = logicalId(stack.functions[step].role);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  const actions = Object.values(policies).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : [s.Action],
    ),
  );
  return [...new Set(actions)].sort();
}

describe('IAM: least privilege per function', () => {
  const base = [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'xray:PutTelemetryRecords',
    'xray:PutTraceSegments',
  ];
  const expected: Record<StepName, string[]> = {
    split: [...base, 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:PutObject'],
    summarize: [...base, 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
    translate: [
      ...base,
      'comprehend:DetectDominantLanguage',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'translate:TranslateText',
    ],
    assemble: [...base, 'events:PutEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
    fail: [...base, 'events:PutEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
  };

  for (const step of STEP_NAMES) {
    it(`${step} has exactly the actions it uses`, () => {
      expect(actionsOf(step)).toEqual([...expected[step]].sort());
    });
  }

  it('grants no wildcard action and attaches no managed policy anywhere', () => {
    const policies = synth.template.findResources('AWS::IAM::Policy');
    for (const policy of Object.values(policies)) {
      for (const s of policy.Properties.PolicyDocument.Statement as Statement[]) {
        for (const action of Array.isArray(s.Action) ? s.Action : [s.Action])
          expect(action).not.toMatch(/\*/);
      }
    }
    for (const role of Object.values(synth.template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grants ListBucket (404 rather than 403 for missing keys) on the output bucket, and on the input bucket to split, fail and correct only', () => {
    const outputArn = { 'Fn::GetAtt': [logicalId(synth.stack.outputBucket), 'Arn'] };
    const inputArn = { 'Fn::GetAtt': [logicalId(synth.stack.inputBucket), 'Arn'] };
    const policies = synth.template.findResources('AWS::IAM::Policy');
    const listing = Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).filter((s) =>
        [s.Action].flat().includes('s3:ListBucket'),
      ),
    );
    // Statements with the same action are merged by CDK: count the resources they name.
    const resources = listing.flatMap((st) => [st.Resource].flat()).map((r) => JSON.stringify(r));
    // The five steps and the correct function; split, fail and correct read the input bucket.
    expect(resources.filter((r) => r === JSON.stringify(outputArn))).toHaveLength(6);
    expect(resources.filter((r) => r === JSON.stringify(inputArn))).toHaveLength(3);
    expect(resources).toHaveLength(9);
  });

  it('lets Summarize read and Assemble write the translation manifests, and no other step touch them', () => {
    const { stack, template } = synth;
    const grants = (step: StepName) => {
      const roleId = logicalId(stack.functions[step].role);
      const policies = template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: roleId }] },
      });
      return (
        Object.values(policies) as Array<{ Properties: { PolicyDocument: { Statement: Statement[] } } }>
      )
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((st) => JSON.stringify(st.Resource).includes('/_cache/'))
        .map((st) => ({ actions: [st.Action].flat(), resource: JSON.stringify(st.Resource) }));
    };
    expect(grants('summarize').flatMap((g) => g.actions)).toEqual(['s3:GetObject']);
    expect(grants('assemble').flatMap((g) => g.actions)).toEqual(['s3:PutObject']);
    for (const g of [...grants('summarize'), ...grants('assemble')])
      expect(g.resource).toContain('/_cache/articles/*');
    for (const step of ['split', 'translate', 'fail'] as const) expect(grants(step)).toEqual([]);
  });

  it('scopes S3 access to prefixes: reads of input only under incoming/, writes of outputs by file name', () => {
    const json = JSON.stringify(synth.template.findResources('AWS::IAM::Policy'));
    expect(json).toContain('/incoming/*');
    expect(json).toContain('/_work/*');
    expect(json).toContain('/*/error.json');
    expect(json).not.toMatch(
      /"s3:\*"|"Resource":\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["\w+Bucket\w+","Arn"\]\},"\/\*"\]\]\}/,
    );
  });
});

describe('buckets and events', () => {
  it('sends ObjectCreated of the input prefix through EventBridge to the state machine', () => {
    const { template, stack } = synth;
    const inputId = logicalId(stack.inputBucket);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: inputId }] }, object: { key: [{ prefix: 'incoming/' }] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('Pipeline') },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it('gives the output bucket no trigger of any kind', () => {
    const { template, stack } = synth;
    const outputId = logicalId(stack.outputBucket);
    const output = template.toJSON().Resources[outputId];
    expect(output.Properties.NotificationConfiguration).toBeUndefined();
    expect(template.findResources('Custom::S3BucketNotifications')).toEqual({});
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(JSON.stringify(rules)).not.toContain(outputId);
  });

  it('secures every bucket: no public access, TLS only, encryption, owner-enforced, logs, lifecycle', () => {
    const { template, stack } = synth;
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm,
      ).toBe('AES256');
      expect(bucket.Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerEnforced');
      expect(bucket.Properties.LifecycleConfiguration.Rules.length).toBeGreaterThan(0);
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    for (const b of [stack.inputBucket, stack.outputBucket]) {
      const props = template.toJSON().Resources[logicalId(b)].Properties;
      expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(props.LoggingConfiguration.DestinationBucketName).toBeDefined();
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe('functions', () => {
  it('run arm64 on the newest Node runtime with tracing, source maps, explicit memory and timeout', () => {
    const functions = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(6);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.Environment.Variables.DEFAULT_TARGET_LANGUAGES).toBe('es,fr');
      // On AWS what detection cannot tell goes to Translate's "auto"; targets are capped for cost.
      expect(fn.Properties.Environment.Variables.UNDETECTED_SOURCE_LANGUAGE).toBe('auto');
      expect(fn.Properties.Environment.Variables.MAX_TARGET_LANGUAGES).toBe('5');
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(fn.Properties.Timeout).toBeGreaterThan(0);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    const groups = Object.values(synth.template.findResources('AWS::Logs::LogGroup'));
    // One per function, and the state machine's.
    expect(groups).toHaveLength(7);
    for (const g of groups) expect(g.Properties.RetentionInDays).toBe(30);
  });
});

describe('state machine', () => {
  it('is Standard, traced, and logs ALL without execution data', () => {
    synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('bounds the Map concurrency, retries with backoff and full jitter, and catches everything', () => {
    const definition = definitionOf(synth.template);
    const states = definition.States as Record<string, Record<string, unknown>>;
    const map = states.TranslateBatches ?? {};
    expect(map.Type).toBe('Map');
    expect(map.MaxConcurrency).toBe(7);
    const expectedRetry = {
      ErrorEquals: [...RETRY.errors],
      IntervalSeconds: RETRY.intervalSeconds,
      MaxAttempts: RETRY.maxAttempts,
      BackoffRate: RETRY.backoffRate,
      MaxDelaySeconds: RETRY.maxDelaySeconds,
      JitterStrategy: 'FULL',
    };
    for (const name of ['Split', 'Summarize', 'Assemble']) {
      expect(states[name]?.Retry).toEqual([expectedRetry]);
      expect(states[name]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ]);
    }
    const inner = (map.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States
      .TranslateBatchesItem;
    expect(inner?.Retry).toEqual([expectedRetry]);
    expect(map.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
    ]);
    expect(JSON.stringify(expectedRetry.ErrorEquals)).not.toContain('Paragraf.Permanent');
    // RecordFailure retries too: a throttled status write must not leave a run "running".
    expect(states.RecordFailure?.Retry).toEqual([expectedRetry]);
    expect(states.RecordFailure?.Next).toBe('ArticleFailed');
    // Every Task state, inside the Map or not, has a Retry.
    const tasks = [
      ...Object.values(states),
      ...Object.values((map.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States),
    ].filter((state) => state.Type === 'Task');
    expect(tasks.map((t) => t.Resource)).toHaveLength(5); // Split, Summarize, the Map's item, Assemble, RecordFailure
    for (const task of tasks) expect(task.Retry).toEqual([expectedRetry]);
    // Lambda's unknown failures and timeouts are retried, over a window of at least 10 minutes
    // of capped delays (5 on average with full jitter).
    expect(expectedRetry.ErrorEquals).toEqual(
      expect.arrayContaining([
        'Lambda.Unknown',
        'Lambda.ClientExecutionTimeoutException',
        'Sandbox.Timedout',
      ]),
    );
    expect(retryWindowSeconds(RETRY)).toBeGreaterThanOrEqual(600);
    expect(states.ArticleFailed?.Type).toBe('Fail');
  });
});

describe('alarms and the dashboard', () => {
  it('alarm on dead letters, failed and timed-out runs, and lasting Translate throttling, all to the topic', () => {
    const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
    const byMetric = Object.fromEntries(alarms.map((a) => [a.Properties.MetricName, a.Properties]));
    expect(Object.keys(byMetric).sort()).toEqual(
      [
        'ApproximateNumberOfMessagesVisible',
        'ExecutionsFailed',
        'ExecutionsTimedOut',
        'ThrottledCount',
      ].sort(),
    );
    expect(byMetric.ThrottledCount).toMatchObject({
      Namespace: 'AWS/Translate',
      Dimensions: [{ Name: 'Operation', Value: 'TranslateText' }],
      EvaluationPeriods: 3,
    });
    const topic = { Ref: logicalId(synth.stack.alarmTopic) };
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.Threshold).toBe(0);
      expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanThreshold');
    }
    synth.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // The pipeline's own EMF metrics (Powertools) are on it, in the namespace the Lambdas write.
    const dashboard = JSON.stringify(synth.template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of [
      'ArticlesSucceeded',
      'ArticlesFailed',
      'Paragraphs',
      'CharactersTranslated',
      'CharactersFromCache',
    ])
      expect(dashboard).toMatch(new RegExp(`\\\\"Paragraf\\\\",\\\\"${metric}\\\\"`));
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('emails the alarm topic when paragraf:alarmEmail is set', () => {
    const withEmail = synthTemplate({ 'paragraf:alarmEmail': 'desk@example.com' });
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'desk@example.com',
    });
  });
});

describe('concurrency in front of Amazon Translate', () => {
  it('reserves concurrency for translate only, and paces its requests, when the settings ask', () => {
    const limited = synthTemplate({
      'paragraf:translateReservedConcurrency': 8,
      'paragraf:translateRequestsPerSecond': 20,
    });
    const functions = Object.values(limited.template.findResources('AWS::Lambda::Function'));
    const reserved = functions.filter((f) => f.Properties.ReservedConcurrentExecutions !== undefined);
    expect(reserved).toHaveLength(1);
    expect(reserved[0]?.Properties.ReservedConcurrentExecutions).toBe(8);
    expect(reserved[0]?.Properties.Description ?? JSON.stringify(reserved[0]?.Properties.Role)).toMatch(
      /Translate/i,
    );
    for (const f of functions)
      expect(f.Properties.Environment.Variables.TRANSLATE_REQUESTS_PER_SECOND).toBe('20');
    // By default nothing is reserved: a new account's 10 concurrent executions leave no room for it.
    const plain = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    expect(plain.every((f) => f.Properties.ReservedConcurrentExecutions === undefined)).toBe(true);
  });
});

describe('custom terminologies', () => {
  it('grants GetTerminology on the default and the allowed terminologies only, and tells the functions which', () => {
    const withTerms = synthTemplate({
      'paragraf:terminologyNames': 'news-names',
      'paragraf:allowedTerminologies': 'desk,sports',
    });
    const policies = Object.values(withTerms.template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const get = statements.filter((st) => [st.Action].flat().includes('translate:GetTerminology'));
    const resources = JSON.stringify(get.map((st) => st.Resource));
    for (const name of ['news-names', 'desk', 'sports']) expect(resources).toContain(`:terminology/${name}`);
    expect(resources).not.toContain('terminology/*');
    const functions = Object.values(withTerms.template.findResources('AWS::Lambda::Function'));
    for (const f of functions)
      expect(f.Properties.Environment.Variables.ALLOWED_TERMINOLOGY_NAMES).toBe('desk,sports');
    // By default an upload may choose none.
    const plain = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    expect(
      plain.every((f) => f.Properties.Environment.Variables.ALLOWED_TERMINOLOGY_NAMES === undefined),
    ).toBe(true);
  });
});

describe('completion events', () => {
  it('assemble and fail may put events on the default bus, and nowhere else', () => {
    const policies = Object.values(synth.template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const putEvents = statements.filter((st) => [st.Action].flat().includes('events:PutEvents'));
    expect(putEvents).toHaveLength(2);
    for (const st of putEvents) expect(JSON.stringify(st.Resource)).toMatch(/:event-bus\/default"/);
  });
});

describe('the state machine definition', () => {
  it('passes asl-validator (a validator nobody here wrote), paths included', () => {
    const result = validateAsl(definitionOf(synth.template), { checkPaths: true, checkArn: false });
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
    // And it would notice: the same definition with a transition to nowhere is refused.
    const broken = structuredClone(definitionOf(synth.template));
    const states = broken.States as Record<string, Record<string, unknown>>;
    if (states.Split) states.Split.Next = 'Nowhere';
    expect(validateAsl(broken, { checkPaths: true, checkArn: false }).isValid).toBe(false);
  });
});

describe('runs never left "running"', () => {
  it('the state machine logs to a group under /aws/vendedlogs/states/', () => {
    const groups = Object.values(synth.template.findResources('AWS::Logs::LogGroup'));
    const names = groups.map((g) => g.Properties.LogGroupName).filter((n) => typeof n === 'string');
    expect(names.filter((n: string) => n.startsWith('/aws/vendedlogs/states/'))).toHaveLength(1);
  });

  it("a rule sends this state machine's timed-out, aborted and failed executions to the fail function", () => {
    const rules = Object.values(synth.template.findResources('AWS::Events::Rule'));
    const rule = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('aws.states'));
    expect(rule?.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        stateMachineArn: [{ Ref: logicalId(synth.stack.stateMachine) }],
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
      },
    });
    const [target] = rule?.Properties.Targets ?? [];
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack.functions.fail.fn), 'Arn'] });
    expect(target.DeadLetterConfig.Arn).toEqual({
      'Fn::GetAtt': [logicalId(synth.stack.deadLetters), 'Arn'],
    });
    expect(target.RetryPolicy.MaximumRetryAttempts).toBe(8);
  });
});

describe('cdk-nag', () => {
  it('passes the AwsSolutions and Serverless packs with every acknowledgement reasoned', () => {
    const { app } = buildTestApp();
    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth on an unacknowledged finding, so the check above means something', () => {
    const { app, stack } = buildTestApp();
    new Bucket(stack, 'CarelessBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions-S(1|10)/);
  });
});

describe('outputs', () => {
  it('exports bucket names, the input prefix and the state machine ARN', () => {
    const outputs = synth.template.toJSON().Outputs;
    for (const name of ['InputBucketName', 'InputPrefix', 'OutputBucketName', 'StateMachineArn'])
      expect(outputs[name]).toBeDefined();
  });
});

describe('corrections', () => {
  type Policy = { Properties: { PolicyDocument: { Statement: Statement[] } } };
  const statementsOf = (role: Parameters<typeof logicalId>[0]) =>
    (
      Object.values(
        synth.template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: [{ Ref: logicalId(role) }] },
        }),
      ) as Policy[]
    ).flatMap((p) => p.Properties.PolicyDocument.Statement);
  const resourcesFor = (role: Parameters<typeof logicalId>[0], action: string) =>
    statementsOf(role)
      .filter((s) => [s.Action].flat().includes(action))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));

  it('a rule sends uploads under the corrections prefix, and only those, to the correct function', () => {
    const rules = Object.values(synth.template.findResources('AWS::Events::Rule'));
    const rule = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('corrections/'));
    expect(rule?.Properties.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: [{ Ref: logicalId(synth.stack.inputBucket) }] },
        object: { key: [{ prefix: 'corrections/' }] },
      },
    });
    const [target] = rule?.Properties.Targets ?? [];
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack.correctFunction.fn), 'Arn'] });
    expect(target.DeadLetterConfig.Arn).toEqual({
      'Fn::GetAtt': [logicalId(synth.stack.deadLetters), 'Arn'],
    });
    // The article rule does not see corrections: its prefix is the input prefix.
    const articles = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('incoming/'));
    expect(JSON.stringify(articles?.Properties.EventPattern)).not.toContain('corrections/');
  });

  it('the correct function has exactly the S3 actions it uses, on the keys it touches, and a dead-letter queue', () => {
    const role = synth.stack.correctFunction.role;
    const actions = [...new Set(statementsOf(role).flatMap((s) => [s.Action].flat()))].sort();
    expect(actions).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:ListBucket',
        's3:PutObject',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const input = logicalId(synth.stack.inputBucket);
    const output = logicalId(synth.stack.outputBucket);
    const under = (bucket: string, suffix: string) =>
      JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, suffix]] });
    expect(resourcesFor(role, 's3:GetObjectVersion')).toEqual([under(input, '/corrections/*')]);
    const puts = resourcesFor(role, 's3:PutObject');
    expect(puts).toEqual(
      expect.arrayContaining([
        under(output, '/*/article.json'),
        under(output, '/*/corrections/*'),
        under(output, '/_memory/*'),
        under(output, '/*.md'),
        under(output, '/*.html'),
      ]),
    );
    // Never the input bucket, the work files or the status: a correction never starts or ends a run.
    expect(puts.join()).not.toContain(input);
    expect(puts.join()).not.toContain('_work/');
    expect(puts.join()).not.toContain('status.json');
    const fn = Object.values(synth.template.findResources('AWS::Lambda::Function')).find(
      (f) =>
        f.Properties.Description === undefined &&
        JSON.stringify(f).includes(logicalId(synth.stack.correctFunction.role)),
    );
    expect(fn?.Properties.DeadLetterConfig.TargetArn).toEqual({
      'Fn::GetAtt': [logicalId(synth.stack.deadLetters), 'Arn'],
    });
  });

  it('only Summarize reads the translation memory and only Correct writes it', () => {
    const memory = '/_memory/*';
    for (const step of STEP_NAMES) {
      const role = synth.stack.functions[step].role;
      const reads = resourcesFor(role, 's3:GetObject').some((r) => r.includes(memory));
      expect(reads, step).toBe(step === 'summarize');
      expect(
        resourcesFor(role, 's3:PutObject').some((r) => r.includes(memory)),
        step,
      ).toBe(false);
    }
  });

  it('refuses a corrections prefix that overlaps the input prefix', () => {
    expect(() => buildTestApp({ 'paragraf:correctionsPrefix': 'incoming/corrections/' })).toThrow(
      /correctionsPrefix: must not overlap inputPrefix/,
    );
  });

  it('exports the corrections prefix', () => {
    synth.template.hasOutput('CorrectionsPrefix', { Value: 'corrections/' });
  });
});
