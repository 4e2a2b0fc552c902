import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// s3rver's own error class: thrown from its middleware and store, it renders as S3's XML error
// with the right status (BadDigest 400, NoSuchUpload 404, PreconditionFailed 412, …).
const S3Error: new (code: string, message: string, detail?: Record<string, unknown>) => Error =
  require('s3rver/lib/models/error');

export function s3Error(code: string, message: string, detail: Record<string, unknown> = {}): Error {
  return new S3Error(code, message, detail);
}
