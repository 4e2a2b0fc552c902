import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { EldDetector } from '../../shared/adapters/eld-detector.ts';
import { TRANSLATE_MAX_BYTES } from '../../shared/text/chunker.ts';
import { ApertiumPool, apertiumMode, missingPairHint } from './apertium.ts';
import { readRequest, sendError, sendJson } from './aws-json.ts';
import { type FaultSpec, faultInjector } from './faults.ts';
import { loadTerminologies, protectTerms, type Terminology } from './terminology.ts';

/** The wire contract of Amazon Translate's TranslateText (JSON 1.1). */
export const TRANSLATE_TARGET = 'AWSShineFrontendService_20170701.TranslateText';

const TranslateTextRequest = z.object({
  Text: z.string(),
  SourceLanguageCode: z.string().min(2).max(5),
  TargetLanguageCode: z.string().min(2).max(5),
  TerminologyNames: z.array(z.string()).optional(),
  Settings: z.record(z.string(), z.unknown()).optional(),
});

const MAX_BODY_BYTES = 1024 * 1024;

export interface TranslateEndpoint {
  url: string;
  server: Server;
  /** Requests answered, by outcome, for tests and benchmarks. */
  counters: {
    requests: number;
    characters: number;
    errors: number;
    throttled: number;
    injectedErrors: number;
  };
  stop(): Promise<void>;
}

/**
 * An Amazon-Translate-compatible HTTP endpoint backed by Apertium, on 127.0.0.1. The lambdas'
 * TranslateClient talks to it over the wire exactly as it talks to AWS.
 */
export async function startTranslateEndpoint(
  options: { port?: number; processesPerPair?: number; faults?: FaultSpec; terminologyDir?: string } = {},
): Promise<TranslateEndpoint> {
  const pool = new ApertiumPool(options.processesPerPair ?? 2);
  const detector = new EldDetector();
  const counters = { requests: 0, characters: 0, errors: 0, throttled: 0, injectedErrors: 0 };
  const terminologies = options.terminologyDir
    ? loadTerminologies(options.terminologyDir)
    : new Map<string, Terminology>();
  const faults = options.faults;
  const nextFault = faults ? faultInjector(faults) : () => 'pass' as const;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    if (req.method !== 'POST')
      return sendError(res, 405, 'InvalidRequestException', 'Only POST is supported.');
    if (req.headers['x-amz-target'] !== TRANSLATE_TARGET) {
      return sendError(
        res,
        400,
        'UnknownOperationException',
        `This endpoint serves ${TRANSLATE_TARGET} only.`,
      );
    }
    const request = await readRequest(req, res, {
      schema: TranslateTextRequest,
      operation: 'TranslateText',
      maxBytes: MAX_BODY_BYTES,
      tooLarge: 'TextSizeLimitExceededException',
    });
    if (!request) return;
    if (faults?.latency) await sleep(faults.latency);
    const fault = nextFault();
    if (fault === 'throttle') {
      counters.throttled++;
      return sendError(res, 400, 'ThrottlingException', 'Rate exceeded (injected fault).');
    }
    if (fault === 'error') {
      counters.injectedErrors++;
      return sendError(res, 500, 'InternalServerException', 'Internal error (injected fault).');
    }
    if (Buffer.byteLength(request.Text, 'utf8') > TRANSLATE_MAX_BYTES) {
      return sendError(
        res,
        400,
        'TextSizeLimitExceededException',
        `Text exceeds ${TRANSLATE_MAX_BYTES} bytes.`,
      );
    }
    if (request.Text.trim().length === 0)
      return sendError(res, 400, 'ValidationException', 'Text must not be empty.');
    const source =
      request.SourceLanguageCode === 'auto' ? detector.detect(request.Text) : request.SourceLanguageCode;
    if (!source)
      return sendError(
        res,
        400,
        'DetectedLanguageLowConfidenceException',
        'The source language could not be detected.',
      );
    const mode = apertiumMode(source, request.TargetLanguageCode);
    if (!mode) {
      return sendError(
        res,
        400,
        'UnsupportedLanguagePairException',
        `Unsupported language pair: ${source} to ${request.TargetLanguageCode}. ${missingPairHint(source, request.TargetLanguageCode)}`,
      );
    }
    const names = request.TerminologyNames ?? [];
    const missing = names.find((name) => !terminologies.has(name));
    if (missing) {
      return sendError(
        res,
        400,
        'ResourceNotFoundException',
        `The terminology ${missing} does not exist. Known: ${[...terminologies.keys()].join(', ') || 'none'}.`,
      );
    }
    const chosen = names.flatMap((name) => terminologies.get(name) ?? []);
    const guarded = protectTerms(request.Text, chosen, source, request.TargetLanguageCode);
    const translated = guarded.restore(await pool.translate(mode, guarded.text));
    counters.characters += request.Text.length;
    const appliedByName = new Map<string, Array<{ SourceText: string; TargetText: string }>>();
    for (const term of guarded.applied) {
      appliedByName.set(term.name, [
        ...(appliedByName.get(term.name) ?? []),
        { SourceText: term.source, TargetText: term.target },
      ]);
    }
    sendJson(res, 200, {
      TranslatedText: translated,
      SourceLanguageCode: source,
      TargetLanguageCode: request.TargetLanguageCode,
      AppliedTerminologies: [...appliedByName].map(([Name, Terms]) => ({ Name, Terms })),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      counters.errors++;
      if (!res.headersSent)
        sendError(res, 500, 'InternalServerException', 'The local translation engine failed.');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    counters,
    async stop() {
      pool.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
