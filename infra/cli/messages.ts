import { METADATA } from '../../shared/pipeline/split.ts';

/**
 * The pipeline says what is wrong with the uploaded object, in terms of its metadata (split.ts's
 * METADATA); for an upload the CLI made from its own options, the same message names the option.
 */
const FLAGS: { [K in keyof typeof METADATA]: { what: string; fix?: string } } = {
  source: { what: '--source', fix: 'Pass --source with a code such as en.' },
  targets: { what: '--to', fix: 'Pass --to with codes such as es,fr.' },
  terminology: { what: '--terminology' },
  sourceUrl: { what: '--source-url' },
};

/** Each piece of advice, then each name: a whole sentence is replaced before the name inside it. */
const IN_FLAGS: ReadonlyArray<[string, string]> = (['fix', 'what'] as const).flatMap((part) =>
  (Object.keys(FLAGS) as Array<keyof typeof FLAGS>).flatMap((key): Array<[string, string]> => {
    const metadata: { what: string; fix?: string } = METADATA[key];
    const flag = FLAGS[key][part];
    const said = metadata[part];
    return said && flag ? [[said, flag]] : [];
  }),
);

export function inFlags(message: string): string {
  return IN_FLAGS.reduce((text, [metadata, flag]) => text.split(metadata).join(flag), message);
}
