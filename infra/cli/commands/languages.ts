import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { localPairs } from '../../local/apertium.ts';
import type { CliContext } from './context.ts';

/** `paragraf languages`. */
export function registerLanguages(program: Command, cli: CliContext): void {
  const { out } = cli;
  program
    .command('languages')
    .description(
      "list the language pairs: Amazon Translate's when a stack is configured (or --aws), else the local engine's",
    )
    .option('--aws', "list Amazon Translate's languages (needs AWS credentials and a region)")
    .option('--local', "list the local engine's (Apertium) pairs even when a stack is configured")
    .option('--region <region>', 'with --aws: AWS region (default: the SDK chain)')
    .action(async (opts: { aws?: boolean; local?: boolean; region?: string }) => {
      // A deployed stack (cdk-outputs.json, or its buckets in the environment) translates with Amazon Translate.
      const stackConfigured = existsSync('cdk-outputs.json') || Boolean(process.env.PARAGRAF_INPUT_BUCKET);
      if (opts.aws || (stackConfigured && !opts.local)) {
        const { TranslateClient, ListLanguagesCommand } = await import('@aws-sdk/client-translate');
        const client = new TranslateClient(opts.region ? { region: opts.region } : {});
        const languages: Array<{ code: string; name: string }> = [];
        let token: string | undefined;
        do {
          const page = await client.send(new ListLanguagesCommand({ NextToken: token, MaxResults: 500 }));
          for (const l of page.Languages ?? [])
            if (l.LanguageCode) languages.push({ code: l.LanguageCode, name: l.LanguageName ?? '' });
          token = page.NextToken;
        } while (token);
        out(`Amazon Translate: ${languages.length} languages; any two of them make a pair.`);
        for (const l of languages) out(`  ${l.code.padEnd(6)} ${l.name}`);
        return;
      }
      const pairs = localPairs();
      out('Local engine (Apertium) language pairs:');
      const via = (p: (typeof pairs)[number]) => (p.via ? ` via ${p.via}` : '');
      for (const p of pairs.filter((x) => x.installed))
        out(`  ${p.source} → ${p.target}${via(p)}   installed`);
      for (const p of pairs.filter((x) => !x.installed))
        out(
          `  ${p.source} → ${p.target}${via(p)}   add with: bash infra/local/setup.sh --pairs ${p.missing.join(',')}`,
        );
      out('On AWS, Amazon Translate translates between any two of its languages: paragraf languages --aws');
    });
}
