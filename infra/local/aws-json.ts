import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';

/** The local stand-ins answer in AWS's JSON 1.1 protocol, as the SDK clients expect. */
export function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(payload);
}

/** An AWS error shape: the SDK reads the type from the header and the body's __type. */
export function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, message, Message: message }, type);
}

/**
 * A JSON 1.1 request body parsed by `schema`, or undefined after answering with the AWS error the
 * operation would give: `tooLarge` past `maxBytes`, SerializationException, ValidationException.
 */
export async function readRequest<T>(
  req: IncomingMessage,
  res: ServerResponse,
  options: { schema: z.ZodType<T>; operation: string; maxBytes: number; tooLarge: string },
): Promise<T | undefined> {
  const raw = await readBody(req, options.maxBytes);
  if (raw === undefined) {
    sendError(res, 413, options.tooLarge, 'The request body is too large.');
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    sendError(res, 400, 'SerializationException', 'The request body is not JSON.');
    return undefined;
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    sendError(res, 400, 'ValidationException', validationMessage(parsed.error.issues, options.operation));
    return undefined;
  }
  return parsed.data;
}

/** The request body as text, or undefined past `maxBytes`. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** AWS's wording: "1 validation error detected: Value at 'settings.formality' failed to satisfy constraint: …". */
function validationMessage(issues: readonly z.core.$ZodIssue[], operation: string): string {
  const lines = issues.map((issue) => {
    const path = issue.path.map((p) => String(p).charAt(0).toLowerCase() + String(p).slice(1)).join('.');
    return `Value at '${path || operation}' failed to satisfy constraint: ${issue.message}`;
  });
  return `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected: ${lines.join('; ')}`;
}
