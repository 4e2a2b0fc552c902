import { createServer } from 'node:net';
import { LOCAL_INPUT_BUCKET } from '../local/endpoints.ts';

function inUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/** Whether the S3 endpoint (a port on 127.0.0.1, or a URL) is a paragraf serve: its input bucket lists. */
export async function paragrafAnswers(endpoint: number | string): Promise<boolean> {
  const base = typeof endpoint === 'number' ? `http://127.0.0.1:${endpoint}` : endpoint.replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/${LOCAL_INPUT_BUCKET}?max-keys=0`, {
      signal: AbortSignal.timeout(1000),
    });
    return res.status === 200 && (await res.text()).includes('ListBucketResult');
  } catch {
    return false;
  }
}

/**
 * Why `paragraf serve` cannot start on these ports, in the user's terms (the port, the flag that
 * changes it, and whether a paragraf serve already answers there), or undefined when both are free.
 */
export async function busyPortMessage(ports: { s3: number; translate: number }): Promise<string | undefined> {
  if (await inUse(ports.s3)) {
    return (await paragrafAnswers(ports.s3))
      ? `Port ${ports.s3} (--s3-port) is in use: a paragraf serve already answers there. Use it (for example paragraf ls --local), or stop it before starting another.`
      : `Port ${ports.s3} (--s3-port) is in use by another program. Choose a free one with --s3-port.`;
  }
  if (await inUse(ports.translate))
    return `Port ${ports.translate} (--translate-port) is in use by another program. Choose a free one with --translate-port.`;
  return undefined;
}
