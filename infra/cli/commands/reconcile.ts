import type { Command } from 'commander';
import { WORK_PREFIX } from '../../../shared/keys.ts';
import { UserError } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf reconcile`. */
export function registerReconcile(program: Command, cli: CliContext): void {
  const { out, withTarget, connect } = cli;
  withTarget(
    program
      .command('reconcile')
      .description(
        'find uploads with no outcome for their ETag (a lost event) and articles stuck running past the timeout; --start runs them',
      )
      .option(
        '--start',
        'start them: StartExecution named by the run key, or RedriveExecution of a stuck run (dry run without)',
      )
      .option('--json', 'print JSON'),
  ).action(async (opts: TargetOptions & { start?: boolean; json?: boolean }) => {
    const t = connect(opts);
    // Loaded here: the Step Functions client is most of it, and no other command needs it.
    const [{ findUnreconciled, startUnreconciled }, { SFNClient }] = await Promise.all([
      import('../reconcile.ts'),
      import('@aws-sdk/client-sfn'),
    ]);
    let rows = await findUnreconciled(t);
    if (opts.start && rows.length > 0) {
      if (!t.local && !t.stateMachineArn)
        throw new UserError(
          '--start needs the state machine: deploy with npm run deploy (cdk-outputs.json has StateMachineArn) or set PARAGRAF_STATE_MACHINE_ARN.',
        );
      const sfn = t.local ? undefined : new SFNClient(opts.region ? { region: opts.region } : {});
      try {
        rows = await startUnreconciled(
          t,
          rows,
          sfn && t.stateMachineArn
            ? { sfn, stateMachineArn: t.stateMachineArn, workPrefix: WORK_PREFIX }
            : undefined,
        );
      } finally {
        sfn?.destroy();
      }
    }
    if (opts.json) {
      out(JSON.stringify(rows, null, 2));
      return;
    }
    for (const r of rows)
      out(
        `${r.reason === 'stuck' ? 'stuck     ' : 'no outcome'}  ${r.key}  (article ${r.articleId})${r.started ? `  -> ${r.started}` : ''}`,
      );
    const stuck = rows.filter((r) => r.reason === 'stuck').length;
    out(
      rows.length === 0
        ? 'Every upload has an outcome.'
        : `${rows.length - stuck} without an outcome, ${stuck} stuck${opts.start ? '' : `. Start them with: paragraf reconcile --start${t.hintFlags}`}`,
    );
    if (rows.some((r) => r.started?.startsWith('failed'))) program.setOptionValue('exitCode', 1);
  });
}
