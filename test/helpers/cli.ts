import { main } from '../../infra/cli/main.ts';

/** Runs the CLI in-process, capturing what it prints. */
export async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'paragraf', ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
