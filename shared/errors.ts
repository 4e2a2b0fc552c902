/**
 * Every failure the pipeline knows about has a machine-readable code. `classifyError` is the one
 * place that decides whether a failure is worth retrying; the Step Functions Retry policy and the
 * local orchestrator both key on the error names it produces.
 */

export const PERMANENT_CODES = [
  'EMPTY_INPUT',
  'BLANK_INPUT',
  'BINARY_INPUT',
  'INVALID_UTF8',
  'INPUT_TOO_LARGE',
  'NO_PARAGRAPHS',
  'NO_ARTICLE',
  'NESTED_TOO_DEEP',
  'INVALID_SOURCE_URL',
  'LANGUAGE_UNDETECTED',
  'INVALID_LANGUAGE_CODE',
  'INVALID_TERMINOLOGY',
  'TOO_MANY_TARGET_LANGUAGES',
  'NO_TARGET_LANGUAGES',
  'UNSUPPORTED_LANGUAGE_PAIR',
  'TERMINOLOGY_NOT_FOUND',
  'TRANSLATION_REJECTED',
  'SOURCE_NOT_FOUND',
  'INVALID_EVENT',
  'INVALID_CORRECTION',
  'CORRECTION_TOO_LARGE',
  'ARTICLE_NOT_FOUND',
  'LANGUAGE_NOT_TRANSLATED',
  'MISALIGNED_CORRECTION',
  'ARTICLE_RUNNING',
  'ACCESS_DENIED',
  'INTERNAL',
] as const;

/** CONTENDED: a shared object kept changing under a conditional write (shared/pipeline/conditional.ts). */
export const RETRYABLE_CODES = ['THROTTLED', 'UPSTREAM_UNAVAILABLE', 'CONTENDED'] as const;

export type PermanentCode = (typeof PERMANENT_CODES)[number];
export type RetryableCode = (typeof RETRYABLE_CODES)[number];
export type ErrorCode = PermanentCode | RetryableCode;

/** Error names seen by Step Functions (`ErrorEquals`) and the local orchestrator. */
export const RETRYABLE_ERROR_NAME = 'Paragraf.Retryable';
export const PERMANENT_ERROR_NAME = 'Paragraf.Permanent';

export class ParagrafError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParagrafError';
    this.code = code;
  }

  get retryable(): boolean {
    return (RETRYABLE_CODES as readonly string[]).includes(this.code);
  }
}

export class InputError extends ParagrafError {
  constructor(code: PermanentCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'InputError';
  }
}

export class TranslationError extends ParagrafError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TranslationError';
  }
}

/** The completion event could not be put on the bus. */
export class PublishError extends ParagrafError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PublishError';
  }
}

/** An editor's correction that cannot be applied: refused whole, nothing changed. */
export class CorrectionError extends ParagrafError {
  constructor(code: PermanentCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CorrectionError';
  }
}

export class StorageError extends ParagrafError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StorageError';
  }
}

export interface Classified {
  code: ErrorCode;
  retryable: boolean;
  message: string;
}

const AWS_RETRYABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalServerException',
  'InternalServerError',
  'InternalError',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ConditionalRequestConflict',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'ECONNREFUSED',
  'EPIPE',
]);

function nameOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'name' in err && typeof err.name === 'string') return err.name;
  return undefined;
}

function codeOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** Maps any thrown value to a code and a retry decision. Messages never include article text. */
export function classifyError(err: unknown): Classified {
  if (err instanceof ParagrafError) return { code: err.code, retryable: err.retryable, message: err.message };
  const name = nameOf(err) ?? '';
  const sysCode = codeOf(err) ?? '';
  // A connection dropped mid-request ("aborted") or an SDK error the SDK itself calls retryable.
  const sdkRetryable = err && typeof err === 'object' && '$retryable' in err && Boolean(err.$retryable);
  const aborted = err instanceof Error && err.message === 'aborted';
  if (AWS_RETRYABLE.has(name) || AWS_RETRYABLE.has(sysCode) || sdkRetryable || aborted) {
    const code =
      name.includes('Throttl') || name === 'SlowDown' || name.includes('TooMany')
        ? 'THROTTLED'
        : 'UPSTREAM_UNAVAILABLE';
    return {
      code,
      retryable: true,
      message: `${name || sysCode}: the service is busy or unreachable; retrying later may succeed.`,
    };
  }
  if (name === 'UnsupportedLanguagePairException') {
    return {
      code: 'UNSUPPORTED_LANGUAGE_PAIR',
      retryable: false,
      message: 'The translation engine does not support this language pair.',
    };
  }
  if (name === 'ResourceNotFoundException') {
    // TranslateText's only resource is a custom terminology named in TERMINOLOGY_NAMES.
    const detail = err instanceof Error ? err.message.slice(0, 300) : '';
    return {
      code: 'TERMINOLOGY_NOT_FOUND',
      retryable: false,
      message: `A custom terminology in TERMINOLOGY_NAMES does not exist in the translation engine${detail ? `: ${detail}` : ''}.`,
    };
  }
  if (name === 'TextSizeLimitExceededException' || name === 'InvalidRequestException') {
    return {
      code: 'TRANSLATION_REJECTED',
      retryable: false,
      message: `The translation engine rejected the request (${name}).`,
    };
  }
  if (name === 'NoSuchKey' || name === 'NotFound') {
    return { code: 'SOURCE_NOT_FOUND', retryable: false, message: 'The object no longer exists.' };
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return { code: 'ACCESS_DENIED', retryable: false, message: `Access denied (${name}).` };
  }
  const metadata = err && typeof err === 'object' && '$metadata' in err ? err.$metadata : undefined;
  const status =
    metadata && typeof metadata === 'object' && 'httpStatusCode' in metadata
      ? metadata.httpStatusCode
      : undefined;
  if (typeof status === 'number' && status >= 500) {
    return {
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
      message: `${name || 'HTTP'} ${status} from an AWS service.`,
    };
  }
  return { code: 'INTERNAL', retryable: false, message: `Unexpected ${name || 'error'}.` };
}

/**
 * The error a step throws to its orchestrator: the name decides Retry, the message carries
 * `CODE: human message` so the failure step can write error.json without parsing stack traces.
 */
export class StepError extends Error {
  readonly code: ErrorCode;
  constructor(classified: Classified, options?: { cause?: unknown }) {
    super(`${classified.code}: ${classified.message}`, options);
    this.name = classified.retryable ? RETRYABLE_ERROR_NAME : PERMANENT_ERROR_NAME;
    this.code = classified.code;
  }
}

export function toStepError(err: unknown): StepError {
  if (err instanceof StepError) return err;
  return new StepError(classifyError(err), { cause: err });
}

/** Reads `CODE: message` back out of a step error message. */
export function parseStepMessage(message: string): { code: string; message: string } {
  const match = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(message);
  if (match?.[1] && match[2] !== undefined) return { code: match[1], message: match[2] };
  return { code: 'INTERNAL', message };
}
