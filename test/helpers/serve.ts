import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARAGRAF_BIN as bin } from './paths.ts';

/** Debian's AWS CLI v2 and boto3 (setup.sh --tests), not whatever else is first on PATH. */
export const AWS_CLI = '/usr/bin/aws';
export const PYTHON = '/usr/bin/python3';

/** Whether anything accepts a connection on 127.0.0.1:`port`. */
export const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Served {
  s3: string;
  translate: string;
  /** The --data folder: the buckets live here and nowhere else. */
  data: string;
  /** The folder around --data (terminologies are kept beside it). */
  root: string;
  /** Environment for a real AWS client: credentials, region, no config files, no pager. */
  env: NodeJS.ProcessEnv;
  output(): string;
  /** The --events-file serve appends completion events to. */
  eventsFile: string;
  /** Stops serve with SIGINT (as Ctrl+C does) and deletes its folder, unless `keep`; resolves to its exit code. */
  stop(options?: { keep?: boolean }): Promise<number | null>;
  /** Kills serve's process outright (SIGKILL: a crash, an OOM, a closed laptop), keeping its folder. */
  kill(): Promise<void>;
}

/** `paragraf serve` as a user starts it, in a folder of its own, on free ports. */
/**
 * The environment a real AWS client (the CLI, boto3) runs in against the local cloud: any
 * credentials, one region, and no configuration or credentials file of the machine's (`home`
 * holds none).
 */
export function awsClientEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'conformance',
    AWS_SECRET_ACCESS_KEY: 'conformance',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export async function startServe(
  existingRoot?: string,
  ports: { s3Port?: number; translatePort?: number } = {},
): Promise<Served> {
  const root = existingRoot ?? mkdtempSync(join(tmpdir(), 'paragraf-conformance-'));
  const data = join(root, 's3');
  const s3Port = ports.s3Port ?? (await freePort());
  const translatePort = ports.translatePort ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--s3-port',
      String(s3Port),
      '--translate-port',
      String(translatePort),
      '--data',
      data,
      '--events-file',
      join(root, 'events.jsonl'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const started = Date.now();
  while (!output.includes('Press Ctrl+C to stop')) {
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`paragraf serve did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const env: NodeJS.ProcessEnv = {
    ...awsClientEnv(root),
    PYTHONDONTWRITEBYTECODE: '1',
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    TRANSLATE_ENDPOINT: `http://127.0.0.1:${translatePort}`,
  };
  return {
    s3: `http://127.0.0.1:${s3Port}`,
    translate: `http://127.0.0.1:${translatePort}`,
    data,
    root,
    env,
    output: () => output,
    eventsFile: join(root, 'events.jsonl'),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async stop(options = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!options.keep) rmSync(root, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
      resolve({ code, out: String(stdout), err: String(stderr) });
    });
  });
}

/** The AWS CLI against the served S3. */
export function aws(served: Served, ...args: string[]): Promise<Run> {
  return run(AWS_CLI, ['--endpoint-url', served.s3, ...args], served.env);
}

/**
 * A boto3 script from test/conformance/clients, given the endpoints in its environment; it prints
 * one JSON object, which is returned parsed.
 */
export async function boto3(served: Served, script: string, ...args: string[]): Promise<unknown> {
  const path = new URL(`../conformance/clients/${script}`, import.meta.url).pathname;
  const result = await run(PYTHON, [path, ...args], served.env);
  if (result.code !== 0) throw new Error(`${script} failed (${result.code}):\n${result.err}${result.out}`);
  return JSON.parse(result.out);
}

/** A client script's JSON object, for property access in assertions. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value));
  throw new Error(`expected an object, got ${JSON.stringify(value)}`);
}
