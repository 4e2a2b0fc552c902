import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PARALLEL_DATA_SEGMENT_BYTES, toCsv, toTmx } from '../../../shared/memory/export.ts';
import { listMemory, paragrafVersion, readMemoryPair } from '../corrections.ts';
import { UserError } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf memory`. */
export function registerMemory(program: Command, cli: CliContext): void {
  const { out, errorOut, withTarget, connect } = cli;
  const memory = program
    .command('memory')
    .description("the translation memory: editors' corrections, which every run uses before the engine");
  withTarget(
    memory
      .command('ls')
      .description('the language pairs in the memory, with their segment counts')
      .option('--json', 'print JSON'),
  ).action(async (opts: TargetOptions & { json?: boolean }) => {
    const t = connect(opts);
    const pairs = await listMemory(t);
    if (opts.json) out(JSON.stringify(pairs, null, 2));
    else if (pairs.length === 0)
      out(
        `The translation memory is empty. Corrections fill it: paragraf correct <article> <file> --lang <code>${t.hintFlags}`,
      );
    else
      for (const p of pairs)
        out(
          `${p.source} -> ${p.target}  ${p.segments} segment${p.segments === 1 ? '' : 's'}  (updated ${p.updatedAt})`,
        );
  });
  withTarget(
    memory
      .command('export')
      .description('write one language pair as TMX 1.4 (CAT tools, Amazon Translate parallel data) or CSV')
      .requiredOption('--from <code>', 'source language, such as en')
      .requiredOption('--to <code>', 'target language, such as es')
      .option('--format <format>', 'tmx or csv', 'tmx')
      .option('--out <file>', 'write to this file instead of printing'),
  ).action(async (opts: TargetOptions & { from: string; to: string; format: string; out?: string }) => {
    if (opts.format !== 'tmx' && opts.format !== 'csv')
      throw new UserError(`--format must be tmx or csv, not ${opts.format}`);
    const t = connect(opts);
    const file = await readMemoryPair(t, opts.from, opts.to);
    const exported =
      opts.format === 'tmx' ? toTmx(file, { version: paragrafVersion(), now: new Date() }) : toCsv(file);
    if (opts.out) await writeFile(opts.out, exported.text);
    else out(exported.text.replace(/\n$/, ''));
    errorOut(
      `${opts.out ? `wrote ${opts.out}: ` : ''}${exported.written} segment${exported.written === 1 ? '' : 's'}${exported.leftOut > 0 ? `; ${exported.leftOut} left out (a side over ${PARALLEL_DATA_SEGMENT_BYTES} bytes, Amazon Translate's parallel data limit)` : ''}`,
    );
  });
}
