import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { EldDetector } from '../../shared/adapters/eld-detector.ts';
import { canonicalLanguage } from '../../shared/languages.ts';
import { inlineText, parseInline } from '../../shared/markup/inline.ts';
import { lookup } from '../../shared/memory/memory.ts';
import type { MemoryFile } from '../../shared/schemas/memory.ts';
import { TRANSLATE_MAX_BYTES } from '../../shared/text/chunker.ts';
import { GROUP_SEPARATOR } from '../../shared/text/grouping.ts';
import { ApertiumPool, htmlJob, localPairs, localRoute, missingPairHint, plainJob } from './apertium.ts';
import { targetDateOrder } from './apertium-dates.ts';
import { looksLikeHtml, signsInside } from './apertium-html.ts';
import { readRequest, sendError, sendJson } from './aws-json.ts';
import { type FaultSpec, faultInjector } from './faults.ts';
import { maskProfanity } from './profanity.ts';
import {
  Directionality,
  protectTerms,
  renderTerminology,
  TERMINOLOGY_NAME,
  TerminologyError,
  TerminologyFormat,
  type TerminologyRecord,
  TerminologyStore,
} from './terminology.ts';

/** Amazon Translate's JSON 1.1 target prefix: `X-Amz-Target: <prefix>.<Operation>`. */
const TARGET_PREFIX = 'AWSShineFrontendService_20170701';
export const TRANSLATE_TARGET = `${TARGET_PREFIX}.TranslateText`;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

const LanguageCode = z.string().min(2).max(5);
const Name = z.string().min(1).max(256).regex(TERMINOLOGY_NAME);

/** https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslationSettings.html */
const TranslationSettings = z.strictObject({
  Formality: z.enum(['FORMAL', 'INFORMAL']).optional(),
  Profanity: z.enum(['MASK']).optional(),
  Brevity: z.enum(['ON']).optional(),
});

const TranslateTextRequest = z.object({
  Text: z.string(),
  SourceLanguageCode: LanguageCode,
  TargetLanguageCode: LanguageCode,
  TerminologyNames: z.array(Name).optional(),
  Settings: TranslationSettings.optional(),
});

/** The languages Amazon Translate names its languages in (ListLanguages' DisplayLanguageCode). */
const DISPLAY_LANGUAGES = ['de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'pt', 'zh', 'zh-TW'] as const;
const Paging = {
  NextToken: z.string().max(8192).optional(),
  MaxResults: z.number().int().min(1).max(500).optional(),
};
const ListLanguagesRequest = z.object({
  DisplayLanguageCode: z.enum(DISPLAY_LANGUAGES).optional(),
  ...Paging,
});
const ListTerminologiesRequest = z.object(Paging);
const ImportTerminologyRequest = z.object({
  Name,
  MergeStrategy: z.literal('OVERWRITE'),
  Description: z.string().max(256).optional(),
  TerminologyData: z.object({
    File: z.base64(),
    Format: TerminologyFormat,
    Directionality: Directionality.optional(),
  }),
  EncryptionKey: z.object({ Type: z.literal('KMS'), Id: z.string() }).optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});
const GetTerminologyRequest = z.object({ Name, TerminologyDataFormat: TerminologyFormat.optional() });
const DeleteTerminologyRequest = z.object({ Name });

/** Formality is a setting Amazon Translate honours for these targets only. */
const FORMALITY_TARGETS = new Set([
  'nl',
  'fr',
  'fr-CA',
  'de',
  'hi',
  'it',
  'ja',
  'ko',
  'pt-PT',
  'es',
  'es-MX',
]);

/** A 10 MB terminology file, base64 in JSON. */
const MAX_BODY_BYTES = 15 * 1024 * 1024;

export interface TranslateEndpoint {
  url: string;
  server: Server;
  terminologies: TerminologyStore;
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

/** Answers the request, or says which AWS error it is. */
class TranslateApiError extends Error {
  readonly type: string;
  readonly fields: Record<string, string>;
  readonly status: number;
  constructor(type: string, message: string, fields: Record<string, string> = {}, status = 400) {
    super(message);
    this.type = type;
    this.fields = fields;
    this.status = status;
  }
}

function page<T>(
  items: readonly T[],
  request: { NextToken?: string | undefined; MaxResults?: number | undefined },
) {
  const start =
    request.NextToken === undefined ? 0 : Number(Buffer.from(request.NextToken, 'base64url').toString());
  if (!Number.isSafeInteger(start) || start < 0 || start > items.length) {
    throw new TranslateApiError('InvalidParameterValueException', 'The NextToken is not valid.');
  }
  const end = start + (request.MaxResults ?? 500);
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

interface TranslateEndpointOptions {
  port?: number;
  processesPerPair?: number;
  faults?: FaultSpec;
  /** Terminology files served from the start (examples/terminology). */
  terminologyDir?: string;
  /** Where ImportTerminology keeps what it imports; in memory without one. */
  terminologyStore?: string;
  /** Keep names the dictionary reads as words (apertium-names.ts); on unless turned off to compare. */
  keepNames?: boolean;
  /** Apertium modes to start at once (the default pair), rather than on their first request. */
  warm?: readonly string[];
  /**
   * The translation memory of a language pair (the pipeline's, in the output bucket): through
   * Spanish, a text an editor corrected in Spanish goes on from the editor's Spanish.
   */
  memory?: (source: string, target: string) => Promise<MemoryFile | undefined>;
}

/** A terminology as the Translate API describes it. */
function terminologyProperties(record: TerminologyRecord) {
  const { terminology, properties: p } = record;
  const [source = '', ...targets] = terminology.languages;
  return {
    Name: p.Name,
    ...(p.Description ? { Description: p.Description } : {}),
    Arn: `arn:aws:translate:${REGION}:${ACCOUNT}:terminology/${p.Name}/LATEST`,
    SourceLanguageCode: source,
    TargetLanguageCodes: targets,
    SizeBytes: record.sizeBytes,
    TermCount: terminology.entries.length,
    CreatedAt: p.CreatedAt,
    LastUpdatedAt: p.LastUpdatedAt,
    Directionality: p.Directionality,
    SkippedTermCount: 0,
    Format: p.Format,
  };
}

/** TranslateText's checks, as Amazon Translate makes them: the languages to translate between. */
function checkTranslateRequest(request: z.infer<typeof TranslateTextRequest>, detector: EldDetector) {
  if (Buffer.byteLength(request.Text, 'utf8') > TRANSLATE_MAX_BYTES) {
    throw new TranslateApiError(
      'TextSizeLimitExceededException',
      `Text exceeds ${TRANSLATE_MAX_BYTES} bytes.`,
    );
  }
  if (request.Text.trim().length === 0)
    throw new TranslateApiError('ValidationException', 'Text must not be empty.');
  const target = canonicalLanguage(request.TargetLanguageCode);
  const named =
    request.SourceLanguageCode === 'auto' ? 'auto' : canonicalLanguage(request.SourceLanguageCode);
  if (!target || !named) {
    const code = target ? request.SourceLanguageCode : request.TargetLanguageCode;
    throw new TranslateApiError('UnsupportedLanguagePairException', `Unsupported language code: ${code}.`, {
      SourceLanguageCode: request.SourceLanguageCode,
      TargetLanguageCode: request.TargetLanguageCode,
    });
  }
  // `auto`: Amazon Translate asks Amazon Comprehend; here the project's detector decides.
  const source = named === 'auto' ? detector.bestGuess(request.Text) : named;
  if (!source) {
    throw new TranslateApiError(
      'DetectedLanguageLowConfidenceException',
      'The source language could not be detected.',
      {
        DetectedLanguageCode: 'und',
      },
    );
  }
  if ((request.TerminologyNames ?? []).length > 1) {
    throw new TranslateApiError(
      'InvalidRequestException',
      'Only one custom terminology can be applied per TranslateText request.',
    );
  }
  const settings = request.Settings ?? {};
  if (settings.Formality && !FORMALITY_TARGETS.has(target)) {
    throw new TranslateApiError(
      'InvalidRequestException',
      `Formality is not supported for the target language ${target}.`,
    );
  }
  return { source, target, settings };
}

/** The operations behind the endpoint: the Apertium pool, the detector, terminologies, counters. */
class LocalTranslate {
  readonly pool: ApertiumPool;
  readonly detector = new EldDetector();
  readonly counters = { requests: 0, characters: 0, errors: 0, throttled: 0, injectedErrors: 0 };
  readonly terminologies: TerminologyStore;
  readonly faults: FaultSpec | undefined;
  readonly memory: TranslateEndpointOptions['memory'];
  readonly nextFault: () => 'pass' | 'throttle' | 'error';
  baseUrl = '';

  constructor(options: TranslateEndpointOptions) {
    this.pool = new ApertiumPool(options.processesPerPair, options.keepNames);
    for (const mode of options.warm ?? []) this.pool.warm(mode);
    this.terminologies = new TerminologyStore(options.terminologyDir, options.terminologyStore);
    this.faults = options.faults;
    this.memory = options.memory;
    this.nextFault = options.faults ? faultInjector(options.faults) : () => 'pass' as const;
  }

  terminologyNamed(name: string): TerminologyRecord {
    const record = this.terminologies.get(name);
    if (!record) {
      throw new TranslateApiError(
        'ResourceNotFoundException',
        `The terminology ${name} does not exist. Known: ${this.terminologies.names().join(', ') || 'none'}.`,
      );
    }
    return record;
  }

  /**
   * The editor's translation into the pivot language of each line of `text`, from the memory
   * (undefined where there is none, and for every line when the route is direct).
   */
  private async editedPivot(
    text: string,
    source: string,
    via: string | undefined,
  ): Promise<Array<string | undefined>> {
    const lines = text.split(GROUP_SEPARATOR);
    if (!via || !this.memory) return lines.map(() => undefined);
    const memory = await this.memory(source, via);
    return lines.map((line) => {
      // The memory is keyed by a paragraph's words; an HTML text is its markup around them.
      const html = looksLikeHtml(line);
      const hit = lookup(memory, html ? inlineText(parseInline(line)) : line);
      return hit && (html ? (hit.html ?? hit.text) : hit.text);
    });
  }

  async translateText(request: z.infer<typeof TranslateTextRequest>) {
    const { source, target, settings } = checkTranslateRequest(request, this.detector);
    const route = localRoute(source, target);
    if (!route) {
      throw new TranslateApiError(
        'UnsupportedLanguagePairException',
        `Unsupported language pair: ${source} to ${target}. ${missingPairHint(source, target)}`,
        { SourceLanguageCode: source, TargetLanguageCode: target },
      );
    }
    const chosen = (request.TerminologyNames ?? []).map((name) => this.terminologyNamed(name).terminology);
    // Through Spanish, terms are swapped for placeholders before the first leg and put back after
    // the last: the terminology's own entries for the target, else its Spanish ones.
    const termTarget =
      route.via && !chosen.some((t) => t.languages.includes(target.split('-')[0] ?? target))
        ? route.via
        : target;
    const guarded = protectTerms(request.Text, chosen, source, termTarget);
    // HTML keeps its tags around the translated words, as Amazon Translate does. Through Spanish,
    // each leg gets the previous one's answer; terms stay protected until the last.
    let leg = guarded.text;
    let modes = route.modes;
    // Through Spanish, a text whose Spanish an editor corrected goes on from their Spanish: each
    // line of the request (the pipeline's texts of one call), the others through the first leg.
    const edited = await this.editedPivot(request.Text, source, route.via);
    if (edited.some((line) => line !== undefined)) {
      const [first = '', ...rest] = route.modes;
      const lines = guarded.text.split(GROUP_SEPARATOR);
      const firstLeg = { nameMarks: true };
      const spanish = await Promise.all(
        lines.map(
          (line, k) =>
            edited[k] ??
            (line.trim()
              ? this.pool.translate(
                  first,
                  looksLikeHtml(line) ? htmlJob(line, firstLeg) : plainJob(line, firstLeg),
                )
              : line),
        ),
      );
      leg = spanish.join(GROUP_SEPARATOR);
      modes = rest;
    }
    const offset = route.modes.length - modes.length;
    for (const [i, mode] of modes.entries()) {
      // Through Spanish, the first leg's names go on marked and the second looks for no others.
      const options = { secondLeg: i + offset > 0, nameMarks: i < modes.length - 1 };
      leg = await this.pool.translate(
        mode,
        looksLikeHtml(leg) ? htmlJob(leg, options) : plainJob(leg, options),
      );
    }
    if (route.modes.length > 1) leg = signsInside(guarded.text, targetDateOrder(leg, target));
    let translated = guarded.restore(leg);
    // Apertium has no formality or brevity control; profanity it can mask after the fact.
    // Words the engine left untranslated are still in the source language: both lists apply.
    if (settings.Profanity === 'MASK') translated = maskProfanity(maskProfanity(translated, target), source);
    this.counters.characters += request.Text.length;
    const [applied] = chosen;
    const appliedSettings = settings.Profanity ? { Profanity: settings.Profanity } : undefined;
    return {
      TranslatedText: translated,
      SourceLanguageCode: source,
      TargetLanguageCode: target,
      ...(applied
        ? {
            AppliedTerminologies: [
              {
                Name: applied.name,
                Terms: guarded.applied.map((t) => ({ SourceText: t.source, TargetText: t.target })),
              },
            ],
          }
        : {}),
      ...(appliedSettings ? { AppliedSettings: appliedSettings } : {}),
    };
  }

  listLanguages(request: z.infer<typeof ListLanguagesRequest>) {
    const display = request.DisplayLanguageCode ?? 'en';
    const names = new Intl.DisplayNames([display], { type: 'language' });
    const codes = [...new Set(localPairs().flatMap((p) => (p.installed ? [p.source, p.target] : [])))].sort();
    const { items, NextToken } = page(codes, request);
    return {
      Languages: items.map((code) => ({ LanguageName: names.of(code) ?? code, LanguageCode: code })),
      DisplayLanguageCode: display,
      ...(NextToken ? { NextToken } : {}),
    };
  }

  async operation(name: string, req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const read = <T>(schema: z.ZodType<T>) =>
      readRequest(req, res, {
        schema,
        operation: name,
        maxBytes: MAX_BODY_BYTES,
        tooLarge: 'LimitExceededException',
      });
    switch (name) {
      case 'TranslateText': {
        const request = await read(TranslateTextRequest);
        if (!request) return undefined;
        if (this.faults?.latency) await sleep(this.faults.latency);
        const fault = this.nextFault();
        if (fault === 'throttle') {
          this.counters.throttled++;
          throw new TranslateApiError('ThrottlingException', 'Rate exceeded (injected fault).');
        }
        if (fault === 'error') {
          this.counters.injectedErrors++;
          throw new TranslateApiError('InternalServerException', 'Internal error (injected fault).', {}, 500);
        }
        return this.translateText(request);
      }
      case 'ListLanguages': {
        const request = await read(ListLanguagesRequest);
        return request && this.listLanguages(request);
      }
      case 'ImportTerminology': {
        const request = await read(ImportTerminologyRequest);
        if (!request) return undefined;
        const record = this.terminologies.import({
          name: request.Name,
          ...(request.Description ? { description: request.Description } : {}),
          data: Buffer.from(request.TerminologyData.File, 'base64'),
          format: request.TerminologyData.Format,
          directionality: request.TerminologyData.Directionality ?? 'UNI',
        });
        return { TerminologyProperties: terminologyProperties(record) };
      }
      case 'ListTerminologies': {
        const request = await read(ListTerminologiesRequest);
        if (!request) return undefined;
        const { items, NextToken } = page(this.terminologies.list(), request);
        return {
          TerminologyPropertiesList: items.map(terminologyProperties),
          ...(NextToken ? { NextToken } : {}),
        };
      }
      case 'GetTerminology': {
        const request = await read(GetTerminologyRequest);
        if (!request) return undefined;
        const record = this.terminologyNamed(request.Name);
        const format = request.TerminologyDataFormat ?? record.properties.Format;
        return {
          TerminologyProperties: terminologyProperties(record),
          TerminologyDataLocation: {
            RepositoryType: 'S3',
            Location: `${this.baseUrl}/terminologies/${encodeURIComponent(record.properties.Name)}.${format.toLowerCase()}`,
          },
        };
      }
      case 'DeleteTerminology': {
        const request = await read(DeleteTerminologyRequest);
        if (!request) return undefined;
        this.terminologies.delete(request.Name);
        return {};
      }
      default:
        throw new TranslateApiError(
          'UnknownOperationException',
          `The local Translate endpoint does not serve ${name}. It serves TranslateText, ListLanguages and the terminology operations.`,
        );
    }
  }

  /** GetTerminology's presigned Location: the terminology file, rendered in the format asked. */
  download(path: string, res: ServerResponse): void {
    const match = /^\/terminologies\/([^/]+)\.(csv|tsv|tmx)$/.exec(path);
    const record = match?.[1] ? this.terminologies.get(decodeURIComponent(match[1])) : undefined;
    const format = TerminologyFormat.safeParse(match?.[2]?.toUpperCase());
    if (!record || !format.success) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such terminology.\n');
      return;
    }
    const body = renderTerminology(record.terminology, format.data);
    res
      .writeHead(200, {
        'content-type': format.data === 'TMX' ? 'application/xml' : 'text/plain; charset=utf-8',
      })
      .end(body);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counters.requests++;
    if (req.method === 'GET' && req.url) return this.download(new URL(req.url, 'http://local').pathname, res);
    if (req.method !== 'POST')
      return sendError(res, 405, 'InvalidRequestException', 'Only POST is supported.');
    const target = String(req.headers['x-amz-target'] ?? '');
    if (!target.startsWith(`${TARGET_PREFIX}.`)) {
      return sendError(res, 400, 'UnknownOperationException', `Unknown X-Amz-Target: ${target || '(none)'}.`);
    }
    try {
      const result = await this.operation(target.slice(TARGET_PREFIX.length + 1), req, res);
      if (result !== undefined) sendJson(res, 200, result);
    } catch (error) {
      if (error instanceof TranslateApiError) {
        return sendJson(
          res,
          error.status,
          { __type: error.type, Message: error.message, message: error.message, ...error.fields },
          error.type,
        );
      }
      if (error instanceof TerminologyError) return sendError(res, 400, error.type, error.message);
      throw error;
    }
  }
}

/**
 * An Amazon-Translate-compatible HTTP endpoint backed by Apertium, on 127.0.0.1: TranslateText,
 * ListLanguages and the terminology operations, with Amazon Translate's validation and error
 * shapes. The lambdas' TranslateClient, boto3 and the AWS CLI talk to it as they talk to AWS.
 */
export async function startTranslateEndpoint(
  options: TranslateEndpointOptions = {},
): Promise<TranslateEndpoint> {
  const local = new LocalTranslate(options);
  const { counters, terminologies, pool } = local;
  const server = createServer((req, res) => {
    local.handle(req, res).catch(() => {
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
  local.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: local.baseUrl,
    server,
    terminologies,
    counters,
    async stop() {
      pool.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
