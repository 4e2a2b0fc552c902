#!/usr/bin/env node
// The CLI is TypeScript that Node 24 runs as it stands (type stripping): a clone needs no build step.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const NEEDED = 24;
const major = Number(process.versions.node.split('.')[0]);
// PARAGRAF_RELAUNCH=always takes the launcher's path on Node 24 too (its test does).
const relaunch = major < NEEDED || (process.env.PARAGRAF_RELAUNCH === 'always' && !process.channel);
if (relaunch) {
  // Started by an older Node (a global `npm link`, a PATH without node_modules/.bin): run again
  // under the project's Node 24, the one setup.sh installed, passing signals and the exit code on.
  const own = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(own)) {
    console.error(
      `paragraf needs Node.js ${NEEDED} (found ${process.version}). Run: bash infra/local/setup.sh (it installs Node ${NEEDED} inside the project), then npm start -- <command> or npx paragraf.`,
    );
    process.exit(1);
  }
  // An IPC channel the child watches: when this launcher ends, even by SIGKILL, the channel closes
  // and the child stops too, instead of keeping the ports and processing as an orphan.
  const child = spawn(own, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  if (process.channel) {
    // Run by the launcher above: its end (a kill -9 included) ends this process as Ctrl+C would,
    // and ends it outright if stopping takes longer than a few seconds.
    process.channel.unref();
    process.on('disconnect', () => {
      setTimeout(() => process.exit(143), 5_000).unref();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  // `paragraf summarize big.txt | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // V8's code for the CLI, the local cloud and the Lambda thread, kept on disk between runs
  // (os.tmpdir()/node-compile-cache, checked against each file's content): a third of a second
  // less per start. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache();
  // `run` and `serve`, the commands that start the local cloud: its Apertium pipelines for the
  // default pair and its Lambda thread start now, while the CLI's own modules load (more than
  // half a second), and the cloud takes them when it starts. Unreferenced until then: a command
  // that fails first still exits.
  const command = process.argv[2];
  const help = process.argv.includes('--help') || process.argv.includes('-h');
  if ((command === 'run' || command === 'serve') && !help) {
    (await import('../infra/local/apertium-spawn.ts')).prestartApertium();
    (await import('../infra/local/lambda-thread.ts')).prestartLambdaThread();
    (await import('../infra/local/eld-alias.ts')).loadEldAsTheLambdasDo();
  }
  const { main } = await import('../infra/cli/main.ts');
  process.exitCode = await main(process.argv);
}
