import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describeCorrection } from '../corrections.ts';
import { cliLogger } from '../logging.ts';
import { busyPortMessage } from '../ports.ts';
import { UserError } from '../remote.ts';
import type { CliContext } from './context.ts';
import { defaultEventsFile, defaultServeData, positiveInt } from './context.ts';

/** `paragraf serve`. */
export function registerServe(program: Command, cli: CliContext): void {
  const { out } = cli;
  program
    .command('serve')
    .description('start the local cloud and keep it running, for the AWS CLI or SDKs')
    .option('--s3-port <port>', 'S3 port', positiveInt, 4568)
    .option('--translate-port <port>', 'Translate port', positiveInt, 4569)
    .option('--data <dir>', 'keep bucket contents in this folder', defaultServeData())
    .option('--events-file <file>', 'append completion events here (JSON lines)', defaultEventsFile())
    .option(
      '--terminology <name>',
      'the custom terminology applied to every article (an upload may name another with its terminology metadata)',
    )
    .action(
      async (opts: {
        s3Port: number;
        translatePort: number;
        data: string;
        eventsFile: string;
        terminology?: string;
      }) => {
        const { checkTerminologies } = await import('../run.ts');
        const { startLocalCloud } = await import('../../local/cloud.ts');
        const terminology = opts.terminology ? checkTerminologies(opts.terminology) : undefined;
        const busy = await busyPortMessage({ s3: opts.s3Port, translate: opts.translatePort });
        if (busy) throw new UserError(busy);
        const { mkdirSync } = await import('node:fs');
        mkdirSync(opts.data, { recursive: true });
        const cloud = await startLocalCloud({
          s3Port: opts.s3Port,
          translatePort: opts.translatePort,
          directory: opts.data,
          // Beside the buckets, not among them: s3rver lists every folder of --data as a bucket.
          terminologyStore: join(dirname(resolve(opts.data)), 'terminologies'),
          eventsFile: opts.eventsFile,
          logger: cliLogger(),
          ...(terminology ? { env: { TERMINOLOGY_NAMES: terminology } } : {}),
        });
        cloud.onExecution((key, result) =>
          out(`${result.status === 'SUCCEEDED' ? 'succeeded' : 'failed   '} ${key}`),
        );
        cloud.onCorrection((key, record) =>
          out(
            record
              ? describeCorrection(record)
              : `failed    ${key} (the correction could not be applied; see the log)`,
          ),
        );
        out(
          [
            'Paragraf local cloud is running. Press Ctrl+C to stop.',
            `  S3 endpoint:        ${cloud.s3.endpoint}  (path-style; any credentials)`,
            `  Translate endpoint: ${cloud.translate.url}`,
            `  Input:   s3://${cloud.inputBucket}/${cloud.inputPrefix}`,
            `  Output:  s3://${cloud.outputBucket}/<articleId>/`,
            `  Events:  ${opts.eventsFile} (paragraf events), as on the default EventBridge bus`,
            '',
            'Try:',
            '  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1',
            `  aws --endpoint-url ${cloud.s3.endpoint} s3 cp article.txt s3://${cloud.inputBucket}/${cloud.inputPrefix}article.txt --metadata target-languages=es`,
            `  aws --endpoint-url ${cloud.s3.endpoint} s3 cp s3://${cloud.outputBucket}/article/es.md -`,
          ].join('\n'),
        );
        // Uploads with no outcome in the kept buckets (a stop or a crash before they ran) run now.
        for (const r of cloud.recovered)
          out(
            `resumed   ${r.key} (${r.reason === 'stuck' ? 'left running by a stopped serve' : 'no outcome for its upload yet'})`,
          );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await cloud.stop();
      },
    );
}
