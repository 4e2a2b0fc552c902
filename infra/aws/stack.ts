import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  Stats,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  type IChainable,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { ConfigInput } from '../../shared/config.ts';
import { MEMORY_PREFIX, WORK_PREFIX } from '../../shared/keys.ts';
import { ARTICLE_FAILED_ERROR } from '../../shared/pipeline/fail.ts';
import { UNCAUGHT_STATUSES } from '../../shared/schemas/events.ts';
import {
  CATCH,
  EXECUTION_TIMEOUT_MS,
  FAILED_STATE,
  PARAGRAF_METRICS,
  RETRY,
  STEP_NAMES,
  type StepName,
  SUCCEEDED_STATE,
  WORKFLOW,
} from '../../shared/workflow.ts';
import { accessTable, CACHE_PREFIX, type Resource } from './access.ts';
import { PipelineFunction } from './constructs/pipeline-function.ts';
import type { StackSettings } from './settings.ts';

export { CACHE_PREFIX, WORK_PREFIX };

/** Memory and timeout per step: translate waits on the network, summarize is CPU-bound. */
export const SIZING: Record<StepName, { memorySize: number; timeout: Duration }> = {
  split: { memorySize: 1024, timeout: Duration.seconds(60) },
  summarize: { memorySize: 1024, timeout: Duration.seconds(120) },
  translate: { memorySize: 512, timeout: Duration.seconds(300) },
  assemble: { memorySize: 1024, timeout: Duration.seconds(120) },
  fail: { memorySize: 256, timeout: Duration.seconds(30) },
};

/** The correct function reads a Markdown file of at most 1 MiB and rewrites one article's outputs. */
export const CORRECT_SIZING = { memorySize: 512, timeout: Duration.seconds(60) };

export interface ParagrafStackProps extends StackProps {
  settings: StackSettings;
}

function retentionFor(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter(
    (v): v is RetentionDays => typeof v === 'number' && v > 0,
  );
  const match = allowed.filter((v) => v >= days).sort((a, b) => a - b)[0];
  return match ?? RetentionDays.TEN_YEARS;
}

export class ParagrafStack extends Stack {
  readonly inputBucket: Bucket;
  readonly outputBucket: Bucket;
  readonly stateMachine: StateMachine;
  readonly functions: Record<StepName, PipelineFunction>;
  /** The corrections rule's target: applies an editor's <lang>.md and feeds the translation memory. */
  readonly correctFunction: PipelineFunction;
  readonly deadLetters: Queue;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: ParagrafStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = retentionFor(settings.logRetentionDays);
    const { inputBucket, outputBucket } = this.buildStorage(settings);
    this.inputBucket = inputBucket;
    this.outputBucket = outputBucket;
    const functions = this.buildFunctions(
      settings,
      this.pipelineEnvironment(settings, outputBucket),
      logRetention,
    );
    this.functions = functions.steps;
    this.deadLetters = functions.deadLetters;
    this.correctFunction = functions.correct;
    this.grantLeastPrivilege(settings);
    this.stateMachine = this.buildStateMachine(settings, logRetention);
    this.buildRules(settings);
    this.alarmTopic = this.buildAlarms(settings, this.deadLetters);
    this.addOutputs(settings);
  }

  /** The buckets: input (versioned, EventBridge on), output (no notifications), access logs. */
  private buildStorage(settings: StackSettings): { inputBucket: Bucket; outputBucket: Bucket } {
    const secureBucket = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...secureBucket,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });

    const inputBucket = new Bucket(this, 'InputBucket', {
      ...secureBucket,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'input/',
      lifecycleRules: [
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(settings.outputVersionRetentionDays),
        },
      ],
    });

    // Native CloudFormation instead of `eventBridgeEnabled`, which adds CDK's notification
    // custom resource (a Lambda with an AWS managed policy) for a setting S3 takes directly.
    const cfnInput = inputBucket.node.defaultChild;
    if (!(cfnInput instanceof CfnBucket)) throw new Error('InputBucket has no CfnBucket');
    cfnInput.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    // No notifications, no EventBridge: writing outputs can never start a run.
    const outputBucket = new Bucket(this, 'OutputBucket', {
      ...secureBucket,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'output/',
      lifecycleRules: [
        {
          id: 'expire-work-files',
          prefix: WORK_PREFIX,
          expiration: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Cached translations are worth keeping for re-uploads and edits, not forever.
        {
          id: 'expire-translation-cache',
          prefix: CACHE_PREFIX,
          expiration: Duration.days(180),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(settings.outputVersionRetentionDays),
        },
      ],
    });

    return { inputBucket, outputBucket };
  }

  /** The Lambdas' environment: shared/config.ts's schema, from the settings. */
  private pipelineEnvironment(settings: StackSettings, outputBucket: Bucket): Record<string, string> {
    const environment: Record<keyof ConfigInput, string | undefined> = {
      OUTPUT_BUCKET: outputBucket.bucketName,
      INPUT_PREFIX: settings.inputPrefix,
      WORK_PREFIX,
      CACHE_PREFIX,
      MEMORY_PREFIX,
      CORRECTIONS_PREFIX: settings.correctionsPrefix,
      DEFAULT_TARGET_LANGUAGES: settings.targetLanguages.join(','),
      EVENT_BUS_NAME: 'default',
      DEFAULT_SOURCE_LANGUAGE: settings.defaultSourceLanguage,
      // On AWS, what detection cannot tell goes to Amazon Translate's own per-request detection.
      UNDETECTED_SOURCE_LANGUAGE: 'auto',
      MAX_TARGET_LANGUAGES: String(settings.maxTargetLanguages),
      SUMMARY_SENTENCES: String(settings.summarySentences),
      SUMMARY_WORDS: settings.summaryWords === undefined ? undefined : String(settings.summaryWords),
      BATCH_UNITS: String(settings.batchUnits),
      BATCH_CHARACTERS: undefined,
      TRANSLATE_CONCURRENCY: String(settings.translateConcurrency),
      TRANSLATE_REQUESTS_PER_SECOND:
        settings.translateRequestsPerSecond === undefined
          ? undefined
          : String(settings.translateRequestsPerSecond),
      MAX_INPUT_BYTES: String(settings.maxInputBytes),
      INLINE_WORK_BYTES: String(settings.inlineWorkBytes),
      TERMINOLOGY_NAMES:
        settings.terminologyNames.length > 0 ? settings.terminologyNames.join(',') : undefined,
      ALLOWED_TERMINOLOGY_NAMES:
        settings.allowedTerminologies.length > 0 ? settings.allowedTerminologies.join(',') : undefined,
    };
    return Object.fromEntries(
      Object.entries(environment).filter((e): e is [string, string] => e[1] !== undefined),
    );
  }

  /** The five step functions, the corrections function and their dead-letter queue. */
  private buildFunctions(settings: StackSettings, env: Record<string, string>, logRetention: RetentionDays) {
    const make = (step: StepName) =>
      new PipelineFunction(this, `${step[0]?.toUpperCase()}${step.slice(1)}Step`, {
        step,
        environment: env,
        logRetention,
        ...SIZING[step],
        // Only translate talks to Amazon Translate: its ceiling bounds requests across all articles.
        ...(step === 'translate' && settings.translateReservedConcurrency !== undefined
          ? { reservedConcurrency: settings.translateReservedConcurrency }
          : {}),
      });
    const functions: Record<StepName, PipelineFunction> = {
      split: make('split'),
      summarize: make('summarize'),
      translate: make('translate'),
      assemble: make('assemble'),
      fail: make('fail'),
    };
    // An invocation that still fails after Lambda's two retries lands in the dead-letter queue (and its alarm).
    const deadLetters = new Queue(this, 'EventDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const correctFunction = new PipelineFunction(this, 'CorrectFunction', {
      step: 'correct',
      environment: env,
      logRetention,
      ...CORRECT_SIZING,
      deadLetterQueue: deadLetters,
    });
    return { steps: functions, correct: correctFunction, deadLetters };
  }

  /** Uploads start the state machine, corrections the correct function; uncaught ends the fail step. */
  private buildRules(settings: StackSettings): void {
    // Every rule target retries delivery for 6 hours, then leaves the event in the dead-letter queue.
    const delivery = { deadLetterQueue: this.deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) };
    const uploadedUnder = (prefix: string) => ({
      source: ['aws.s3'],
      detailType: ['Object Created'],
      detail: {
        bucket: { name: [this.inputBucket.bucketName] },
        object: { key: [{ prefix }] },
      },
    });
    new Rule(this, 'ObjectCreatedRule', {
      description: 'Starts the Paragraf state machine for each article uploaded under the input prefix',
      eventPattern: uploadedUnder(settings.inputPrefix),
      targets: [new SfnStateMachine(this.stateMachine, delivery)],
    });

    // No run left "running": executions that time out, are aborted, or fail outside the Catch
    // (States.DataLimitExceeded, a Map-level error) reach the fail step through this rule. The
    // handler skips the failures the Catch already recorded, and runs that had ended.
    new Rule(this, 'UncaughtExecutionEnd', {
      description: 'Records executions that ended without RecordFailure (timeout, abort, uncaught failure)',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [this.stateMachine.stateMachineArn],
          status: [...UNCAUGHT_STATUSES],
        },
      },
      targets: [new LambdaFunction(this.functions.fail.fn, delivery)],
    });

    // Corrections: the same S3 event, under the corrections prefix, to one function.
    new Rule(this, 'CorrectionUploadedRule', {
      description: 'Applies each editor correction uploaded under the corrections prefix',
      eventPattern: uploadedUnder(settings.correctionsPrefix),
      targets: [new LambdaFunction(this.correctFunction.fn, delivery)],
    });
  }

  private addOutputs(settings: StackSettings): void {
    new CfnOutput(this, 'InputBucketName', {
      value: this.inputBucket.bucketName,
      description: 'Upload articles here, under InputPrefix',
    });
    new CfnOutput(this, 'InputPrefix', { value: settings.inputPrefix });
    new CfnOutput(this, 'CorrectionsPrefix', {
      value: settings.correctionsPrefix,
      description: 'Upload corrected <lang>.md files here, as <prefix><articleId>/<lang>.md',
    });
    new CfnOutput(this, 'OutputBucketName', {
      value: this.outputBucket.bucketName,
      description: 'Outputs under <articleId>/',
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'EventDeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
  }

  /** Each function gets only the actions it uses, on the key patterns it touches (access.ts's table). */
  private grantLeastPrivilege(settings: StackSettings): void {
    const terminologies = [...new Set([...settings.terminologyNames, ...settings.allowedTerminologies])];
    const arns = (resource: Resource): string[] => {
      if ('any' in resource) return ['*'];
      if ('defaultBus' in resource)
        return [this.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })];
      if ('terminologies' in resource)
        return terminologies.map((name) =>
          this.formatArn({ service: 'translate', resource: 'terminology', resourceName: name }),
        );
      const bucket = (resource.bucket === 'input' ? this.inputBucket : this.outputBucket).bucketArn;
      return [resource.path === undefined ? bucket : `${bucket}/${resource.path}`];
    };
    for (const { role, actions, resources } of accessTable(settings)) {
      const arnList = resources.flatMap(arns);
      // No terminology allowed: no GetTerminology statement at all.
      if (arnList.length === 0) continue;
      const fn = role === 'correct' ? this.correctFunction : this.functions[role];
      fn.role.addToPolicy(new PolicyStatement({ actions, resources: arnList }));
    }
  }

  /** The state machine, built from shared/workflow.ts: the same steps the local orchestrator runs. */
  private buildStateMachine(settings: StackSettings, logRetention: RetentionDays): StateMachine {
    const invoke = (name: string, step: StepName, payload?: TaskInput) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: this.functions[step].fn,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        ...(payload ? { payload } : {}),
      });
    // RecordFailure retries like every other task: a throttled status write must not leave a run "running".
    const recordFailure = invoke(CATCH.name, CATCH.step)
      .addRetry(retryPolicy())
      .next(
        new Fail(this, FAILED_STATE, {
          // The fail function's status-change path skips executions that end here: already recorded.
          error: ARTICLE_FAILED_ERROR,
          cause: 'See status.json and error.json in the output bucket',
        }),
      );
    const retry = retryPolicy();
    const catchAll = { errors: ['States.ALL'], resultPath: `$.${CATCH.resultPath}` };

    // Built back to front, so each state can name the one after it.
    let next: IChainable = new Succeed(this, SUCCEEDED_STATE);
    for (const definition of [...WORKFLOW].reverse()) {
      if (definition.kind === 'task') {
        const payload = definition.withExecutionId
          ? TaskInput.fromObject({ event: JsonPath.entirePayload, executionId: JsonPath.executionId })
          : undefined;
        next = invoke(definition.name, definition.step, payload)
          .addRetry(retry)
          .addCatch(recordFailure, catchAll)
          .next(next);
      } else if (definition.kind === 'skip-if') {
        next = new Choice(this, definition.name)
          .when(Condition.booleanEquals(`$.${definition.field}`, true), new Succeed(this, definition.end))
          .otherwise(next);
      } else {
        // Retries live on the task inside the Map, so one throttled batch does not redo the others.
        const inner = invoke(
          `${definition.name}Item`,
          definition.step,
          TaskInput.fromObject({
            [definition.carry]: JsonPath.objectAt(`$.${definition.carry}`),
            [definition.itemField]: JsonPath.objectAt(`$.${definition.itemField}`),
            // Evaluated on each attempt: a first attempt of a batch skips looking for an earlier one's work.
            retryCount: JsonPath.numberAt('$$.State.RetryCount'),
            redriveCount: JsonPath.numberAt('$$.Execution.RedriveCount'),
          }),
        ).addRetry(retry);
        next = new MapState(this, definition.name, {
          itemsPath: `$.${definition.itemsPath}`,
          itemSelector: {
            [definition.carry]: JsonPath.stringAt(`$.${definition.carry}`),
            [definition.itemField]: JsonPath.stringAt('$$.Map.Item.Value'),
          },
          resultPath: `$.${definition.resultPath}`,
          maxConcurrency: settings.maxConcurrency,
        })
          .itemProcessor(inner)
          .addCatch(recordFailure, catchAll)
          .next(next);
      }
    }

    return new StateMachine(this, 'Pipeline', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(next),
      tracingEnabled: true,
      timeout: Duration.millis(EXECUTION_TIMEOUT_MS),
      logs: {
        // Under /aws/vendedlogs/: CloudWatch Logs then needs no resource-policy entry per log group,
        // whose 5,120-character limit fails deploys in accounts with many log deliveries.
        destination: new LogGroup(this, 'PipelineLogs', {
          logGroupName: `/aws/vendedlogs/states/${this.stackName}-pipeline`,
          retention: logRetention,
        }),
        level: LogLevel.ALL,
        // Execution data would put article-derived state in the logs.
        includeExecutionData: false,
      },
    });
  }

  /**
   * Alarms that need a person, all to one topic: events that could not start a run (DLQ), runs
   * that failed or timed out, and Amazon Translate throttling that lasts (retries absorb a burst).
   * And one dashboard for the pipeline.
   */
  private buildAlarms(settings: StackSettings, deadLetters: Queue): Topic {
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'Paragraf alarms', enforceSSL: true });
    // Undeliverable notifications land in the dead-letter queue, which has an alarm of its own.
    if (settings.alarmEmail)
      topic.addSubscription(new EmailSubscription(settings.alarmEmail, { deadLetterQueue: deadLetters }));
    const period = Duration.minutes(5);
    const translateThrottled = new Metric({
      namespace: 'AWS/Translate',
      metricName: 'ThrottledCount',
      dimensionsMap: { Operation: 'TranslateText' },
      statistic: Stats.SUM,
      period,
    });
    // Every alarm: any datapoint above 0, for `periods` five-minute periods in a row, to the topic.
    const alarm = (id: string, alarmDescription: string, metric: IMetric, periods = 1) => {
      const created = new Alarm(this, id, {
        alarmDescription,
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: periods,
      });
      created.addAlarmAction(new SnsAction(topic));
      return created;
    };
    const alarms = [
      alarm(
        'DeadLettersAlarm',
        'An upload event could not start the state machine: its article never ran. See the EventDeadLetters queue.',
        deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period }),
      ),
      alarm(
        'ExecutionsFailedAlarm',
        'An article failed: its error.json says why.',
        this.stateMachine.metricFailed({ statistic: Stats.SUM, period }),
      ),
      alarm(
        'ExecutionsTimedOutAlarm',
        'A run hit the state machine timeout; the UncaughtExecutionEnd rule recorded it as failed.',
        this.stateMachine.metricTimedOut({ statistic: Stats.SUM, period }),
      ),
      alarm(
        'TranslateThrottlingAlarm',
        'Amazon Translate has throttled TranslateText for 15 minutes: lower maxConcurrency or translateConcurrency, or raise the quota.',
        translateThrottled,
        3,
      ),
    ];

    // The pipeline's own EMF metrics (Powertools, namespace Paragraf, dimension service).
    const paragrafMetric = (metricName: string, label: string) =>
      new Metric({
        namespace: PARAGRAF_METRICS.namespace,
        metricName,
        dimensionsMap: { service: PARAGRAF_METRICS.service },
        statistic: Stats.SUM,
        period,
        label,
      });
    const functionMetrics = (name: 'metricErrors' | 'metricDuration') =>
      STEP_NAMES.map((step) => this.functions[step].fn[name]({ period, label: step }));
    new Dashboard(this, 'Dashboard', {
      dashboardName: `${this.stackName}-paragraf`,
      widgets: [
        [
          new GraphWidget({
            title: 'Articles',
            left: [
              this.stateMachine.metricSucceeded({ period, label: 'succeeded' }),
              this.stateMachine.metricFailed({ period, label: 'failed' }),
              this.stateMachine.metricTimedOut({ period, label: 'timed out' }),
            ],
          }),
          new GraphWidget({ title: 'Run duration', left: [this.stateMachine.metricTime({ period })] }),
          new GraphWidget({
            title: 'Amazon Translate',
            left: [
              new Metric({
                namespace: 'AWS/Translate',
                metricName: 'CharacterCount',
                dimensionsMap: { Operation: 'TranslateText' },
                statistic: Stats.SUM,
                period,
                label: 'characters billed',
              }),
            ],
            right: [translateThrottled.with({ label: 'throttled requests' })],
          }),
        ],
        [
          new GraphWidget({ title: 'Step errors', left: functionMetrics('metricErrors') }),
          new GraphWidget({ title: 'Step duration', left: functionMetrics('metricDuration') }),
          new AlarmStatusWidget({ title: 'Alarms', alarms }),
        ],
        [
          new GraphWidget({
            title: 'Articles and paragraphs (pipeline metrics)',
            left: [
              paragrafMetric('ArticlesSucceeded', 'succeeded'),
              paragrafMetric('ArticlesFailed', 'failed'),
            ],
            right: [paragrafMetric('Paragraphs', 'paragraphs')],
          }),
          new GraphWidget({
            title: 'Characters: sent to Translate vs from the cache',
            left: [
              paragrafMetric('CharactersTranslated', 'sent to Translate'),
              paragrafMetric('CharactersFromCache', 'from the cache'),
            ],
          }),
        ],
      ],
    });
    return topic;
  }
}

function retryPolicy() {
  return {
    errors: [...RETRY.errors],
    interval: Duration.seconds(RETRY.intervalSeconds),
    maxAttempts: RETRY.maxAttempts,
    backoffRate: RETRY.backoffRate,
    maxDelay: Duration.seconds(RETRY.maxDelaySeconds),
    jitterStrategy: JitterType.FULL,
  };
}
