import type { Command } from 'commander';
import { eventLine, readEvents } from '../events.ts';
import type { CliContext } from './context.ts';
import { defaultEventsFile } from './context.ts';

/** `paragraf events`. */
export function registerEvents(program: Command, cli: CliContext): void {
  const { out } = cli;
  program
    .command('events')
    .description(
      'the completion events paragraf serve put on its local bus (Paragraf Article Completed/Failed)',
    )
    .option('--file <file>', 'the events file paragraf serve writes', defaultEventsFile())
    .option('--json', 'print each event as JSON, as a rule target receives it')
    .action(async (opts: { file: string; json?: boolean }) => {
      const events = await readEvents(opts.file);
      if (events.length === 0)
        out(`No events yet in ${opts.file}. paragraf serve writes them there as articles end.`);
      for (const e of events) out(opts.json ? JSON.stringify(e) : eventLine(e));
    });
}
