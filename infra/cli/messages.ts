/**
 * The pipeline says what is wrong with the uploaded object, in terms of its metadata; for an
 * upload the CLI made from its own options, the same message names the option instead.
 */
const IN_FLAGS: ReadonlyArray<[string, string]> = [
  ['Set the object metadata source-language to a code such as en.', 'Pass --source with a code such as en.'],
  [
    'Set the object metadata target-languages to codes such as es+fr (with the AWS CLI: --metadata target-languages=es+fr).',
    'Pass --to with codes such as es,fr.',
  ],
  ['The source-language metadata', '--source'],
  ['The target-languages metadata', '--to'],
  ['The terminology metadata', '--terminology'],
  ['The source-url metadata', '--source-url'],
];

export function inFlags(message: string): string {
  return IN_FLAGS.reduce((text, [metadata, flag]) => text.split(metadata).join(flag), message);
}
