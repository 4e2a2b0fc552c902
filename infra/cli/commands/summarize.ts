import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readArticle } from '../../../shared/article/reader.ts';
import { summarizeBlocks } from '../../../shared/summarize/extractive.ts';
import type { CliContext } from './context.ts';
import { positiveInt } from './context.ts';

/** `paragraf summarize`. */
export function registerSummarize(program: Command, cli: CliContext): void {
  const { out } = cli;
  program
    .command('summarize')
    .description('print article summaries with the domain code only (no cloud, no translation)')
    .argument('<file...>', 'articles (.txt, .md or .html)')
    .option('--sentences <n>', 'summary length in sentences', positiveInt)
    .option('--words <n>', 'summary length as a word budget', positiveInt)
    .option('--json', 'print JSON: an array of {file, title, summary, paragraphs: [{text, gist}]}')
    .action(async (files: string[], opts: { sentences?: number; words?: number; json?: boolean }) => {
      const length = opts.words ? { words: opts.words } : { sentences: opts.sentences ?? 3 };
      const results = [];
      for (const file of files) {
        const article = await readArticle(await readFile(file), file);
        const { summary, gists } = summarizeBlocks(article.blocks, length);
        const paragraphs = article.blocks.map((b, i) => ({ text: b.text, gist: gists[i] ?? '' }));
        results.push({ file, title: article.title ?? null, summary, paragraphs });
      }
      if (opts.json) out(JSON.stringify(results, null, 2));
      else
        for (const r of results)
          out(`${r.file}${r.title ? ` — ${r.title}` : ''}\n${r.summary.map((s) => `  ${s}`).join('\n')}\n`);
    });
}
