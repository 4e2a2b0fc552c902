#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

// The SDK's notice that Node 20 support ends in 2027 would print on every command; the README says it once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `paragraf summarize big.txt | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
register();
const { main } = await import('../infra/cli/main.ts');
process.exitCode = await main(process.argv);
