import { MEMORY_PREFIX, WORK_PREFIX } from '../../shared/keys.ts';
import type { StepName } from '../../shared/workflow.ts';

/** The prefixes under the output bucket that only the stack uses (not configurable). */
export const CACHE_PREFIX = '_cache/';

/**
 * Who may do what on which resource: one table, from which the stack grants (stack.ts) and from
 * which cdk-nag's acknowledgements of the wildcard resources are made, each with its reason
 * (nag.ts). A grant and its acknowledgement cannot drift apart.
 */
export type Role = StepName | 'correct';

export type Resource =
  /** A bucket itself (ListBucket), or a key pattern in it; `why` is required where the pattern has a `*`. */
  | { bucket: 'input' | 'output'; path?: string; why?: string }
  /** The account's default event bus. */
  | { defaultBus: true }
  /** The terminologies the stack allows, by ARN. */
  | { terminologies: true }
  /** Actions without resource-level permissions. */
  | { any: true; why: string };

export interface Grant {
  role: Role;
  actions: string[];
  resources: Resource[];
}

export interface Prefixes {
  inputPrefix: string;
  correctionsPrefix: string;
}

const output = (path: string, why?: string): Resource => ({
  bucket: 'output',
  path,
  ...(why ? { why } : {}),
});
const input = (path: string, why?: string): Resource => ({ bucket: 'input', path, ...(why ? { why } : {}) });
const STATUS_WHY =
  'Reads and writes status.json of any article (ordering checks, progress); the suffix pins the object name.';
const status = output('*/status.json', STATUS_WHY);
const manifests = `${CACHE_PREFIX}articles/*`;

const listOutput = (role: Role): Grant => ({
  role,
  actions: ['s3:ListBucket'],
  resources: [{ bucket: 'output' }],
});
const work = (why: string) => output(`${WORK_PREFIX}*`, why);
const memory = (why: string) => output(`${MEMORY_PREFIX}*`, why);

// Without ListBucket, S3 answers 403 instead of 404 for a missing key; the steps read keys that
// may not exist yet (status.json of a new article, claims, translation manifests), and Split and
// Fail HEAD the source, which then reads as 404 (SOURCE_NOT_FOUND) when it was deleted.

function splitAccess({ inputPrefix }: Prefixes): Grant[] {
  return [
    listOutput('split'),
    {
      role: 'split',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [input(`${inputPrefix}*`, 'Reads any uploaded article, and only under the input prefix.')],
    },
    { role: 'split', actions: ['s3:ListBucket'], resources: [{ bucket: 'input' }] },
    {
      role: 'split',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [
        work(
          'Claims the run and writes its work files; keys are per article and run, so the prefix is the narrowest static scope.',
        ),
        status,
      ],
    },
  ];
}

/** An article's translation manifest: read by Summarize (into the batches), written by Assemble. */
function summarizeAccess(): Grant[] {
  return [
    listOutput('summarize'),
    {
      role: 'summarize',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [work('Reads and writes this run’s work files, under the work prefix only.')],
    },
    {
      role: 'summarize',
      actions: ['s3:GetObject'],
      resources: [
        output(
          manifests,
          'Reads the translation manifest of the article it summarizes (one object per article), under the manifest prefix only.',
        ),
      ],
    },
    {
      role: 'summarize',
      actions: ['s3:GetObject'],
      resources: [
        memory(
          'Reads the translation memory of the language pairs it translates (one object per pair), under its prefix only.',
        ),
      ],
    },
  ];
}

function translateAccess(): Grant[] {
  return [
    listOutput('translate'),
    {
      role: 'translate',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [work('Reads and writes this run’s work files, under the work prefix only.'), status],
    },
    // SourceLanguageCode "auto" (UNDETECTED_SOURCE_LANGUAGE=auto) makes Translate call Comprehend as the caller.
    {
      role: 'translate',
      actions: ['translate:TranslateText', 'comprehend:DetectDominantLanguage'],
      resources: [
        {
          any: true,
          why: 'translate:TranslateText and comprehend:DetectDominantLanguage (which Translate calls for source "auto") have no resource-level permissions; X-Ray PutTraceSegments/PutTelemetryRecords require "*".',
        },
      ],
    },
    // The default terminology and those an upload may choose (its `terminology` metadata).
    { role: 'translate', actions: ['translate:GetTerminology'], resources: [{ terminologies: true }] },
  ];
}

function assembleAccess(): Grant[] {
  return [
    listOutput('assemble'),
    // Completion events, on the account's default bus only.
    { role: 'assemble', actions: ['events:PutEvents'], resources: [{ defaultBus: true }] },
    {
      role: 'assemble',
      actions: ['s3:GetObject'],
      resources: [work('Reads this run’s work files, under the work prefix only.'), status],
    },
    {
      role: 'assemble',
      actions: ['s3:PutObject'],
      resources: [
        output('*/article.json', 'Writes article.json of any article; the suffix pins the object name.'),
        output('*.md', 'Writes the <lang>.md files; only Markdown objects.'),
        output(
          '*.html',
          'Writes the side-by-side reader (index.html) and the <lang>.html pages of any article; only HTML objects.',
        ),
        status,
        output(
          manifests,
          'Writes the translation manifest of the article it assembled (one object per article), under the manifest prefix only.',
        ),
      ],
    },
  ];
}

/** Fail resolves a raw or URL-encoded event key the same way (HEAD), when Split could not. */
function failAccess({ inputPrefix }: Prefixes): Grant[] {
  return [
    listOutput('fail'),
    { role: 'fail', actions: ['events:PutEvents'], resources: [{ defaultBus: true }] },
    {
      role: 'fail',
      actions: ['s3:GetObject'],
      resources: [
        input(
          `${inputPrefix}*`,
          'HEADs an uploaded article, only under the input prefix, to tell a raw event key from a URL-encoded one when Split could not.',
        ),
      ],
    },
    { role: 'fail', actions: ['s3:ListBucket'], resources: [{ bucket: 'input' }] },
    { role: 'fail', actions: ['s3:GetObject', 's3:PutObject'], resources: [status] },
    {
      role: 'fail',
      actions: ['s3:PutObject'],
      resources: [
        output('*/error.json', 'Writes error.json of any article; the suffix pins the object name.'),
      ],
    },
  ];
}

/** The corrections rule's target: reads a correction, rewrites the article, extends the memory. */
function correctAccess({ correctionsPrefix }: Prefixes): Grant[] {
  return [
    {
      role: 'correct',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [
        input(
          `${correctionsPrefix}*`,
          'Reads any uploaded correction, and only under the corrections prefix.',
        ),
      ],
    },
    { role: 'correct', actions: ['s3:ListBucket'], resources: [{ bucket: 'input' }, { bucket: 'output' }] },
    { role: 'correct', actions: ['s3:GetObject'], resources: [status] },
    {
      role: 'correct',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [
        output(
          '*/article.json',
          'Reads and rewrites article.json of the article a correction names; the suffix pins the object name.',
        ),
        output(
          '*/corrections/*',
          'Writes the outcome of each correction beside the article it names, under its corrections/ folder only.',
        ),
        // The record of a correction uploaded with a key that names no article.
        output(
          `${correctionsPrefix}*`,
          'Writes the outcome of a correction whose key names no article, under the corrections prefix only.',
        ),
        memory(
          'Reads and extends the translation memory (one object per language pair), under its prefix only.',
        ),
      ],
    },
    {
      role: 'correct',
      actions: ['s3:PutObject'],
      resources: [
        output('*.md', 'Rewrites the corrected <lang>.md; only Markdown objects.'),
        output('*.html', 'Rewrites index.html and the corrected <lang>.html; only HTML objects.'),
      ],
    },
  ];
}

export function accessTable(prefixes: Prefixes): Grant[] {
  return [
    ...splitAccess(prefixes),
    ...summarizeAccess(),
    ...translateAccess(),
    ...assembleAccess(),
    ...failAccess(prefixes),
    ...correctAccess(prefixes),
  ];
}

/** Each role's wildcard resources with their reasons, once each (the first reason given). */
export function wildcardReasons(
  table: readonly Grant[],
  role: Role,
): Array<{ resource: Resource; why: string }> {
  const seen = new Map<string, { resource: Resource; why: string }>();
  for (const grant of table) {
    if (grant.role !== role) continue;
    for (const resource of grant.resources) {
      const why = 'why' in resource ? resource.why : undefined;
      const key = JSON.stringify({ ...resource, why: undefined });
      const wild = 'any' in resource || ('path' in resource && resource.path?.includes('*'));
      if (!wild) continue;
      if (!why) throw new Error(`${role}: the wildcard resource ${key} has no reason for cdk-nag`);
      if (!seen.has(key)) seen.set(key, { resource, why });
    }
  }
  return [...seen.values()];
}
