import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { type Check, checkTranslation } from '../../../shared/checks/checks.ts';
import { LanguageCode } from '../../../shared/schemas/language.ts';
import type { CliContext } from './context.ts';

/** A language code as Amazon Translate takes it (the project's schema): `en`, `es`, `pt-PT`. */
function languageCode(value: string): string {
  const parsed = LanguageCode.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('expected a language code such as en or es');
  return parsed.data;
}

/** A text's checks on one line: `number "2.40", name "Karen Holloway"`. */
export const reasonsOf = (checks: readonly Check[]) =>
  checks.map((c) => `${c.check} ${JSON.stringify(c.detail)}`).join(', ');

/** One paragraph per line; blank lines are not paragraphs. */
const paragraphs = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim());

/**
 * `paragraf check`: the QA checks on any two aligned files, a vendor's translation too. Exits 1
 * when a paragraph is flagged, 2 when the files do not line up.
 */
export function registerCheck(program: Command, cli: CliContext): void {
  const { out, errorOut } = cli;
  program
    .command('check')
    .description('check a translation against its source, paragraph by paragraph (one per line)')
    .argument('<source>', 'the source text, one paragraph per line')
    .argument('<target>', 'its translation, one paragraph per line, in the same order')
    .requiredOption('--from <lang>', 'the source language', languageCode)
    .requiredOption('--to <lang>', 'the translation’s language', languageCode)
    .option('--json', 'print one JSON entry per line: {paragraph, checks: [{check, detail}]}')
    .action(
      async (sourceFile: string, targetFile: string, opts: { from: string; to: string; json?: boolean }) => {
        const sources = paragraphs(await readFile(sourceFile, 'utf8'));
        const targets = paragraphs(await readFile(targetFile, 'utf8'));
        if (sources.length !== targets.length) {
          errorOut(
            `${sourceFile} has ${sources.length} paragraphs and ${targetFile} ${targets.length}: give one paragraph per line, in the same order.`,
          );
          program.setOptionValue('exitCode', 2);
          return;
        }
        const results = sources.map((source, i) => ({
          paragraph: i + 1,
          checks: checkTranslation({
            source,
            translation: targets[i] ?? '',
            sourceLanguage: opts.from,
            targetLanguage: opts.to,
          }),
        }));
        const flagged = results.filter((r) => r.checks.length > 0);
        if (opts.json) for (const r of results) out(JSON.stringify(r));
        else {
          for (const r of flagged) out(`paragraph ${r.paragraph}  ${reasonsOf(r.checks)}`);
          out(`${flagged.length} of ${results.length} paragraphs flagged`);
        }
        if (flagged.length > 0) program.setOptionValue('exitCode', 1);
      },
    );
}
