/**
 * The QA checks (shared/checks/checks.ts) on WMT24 en-es (issue 37): the human references as
 * translations (clean: the share flagged should be low), the references with one injected error
 * each (a digit changed, a name turned into a common word, the second half left in English, the
 * second half dropped: the share caught per kind), and the local engine's own output (flag rates).
 *
 *   npm run bench:checks
 */
import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { startTranslateEndpoint } from '../infra/local/translate-endpoint.ts';
import { type Check, type CheckKind, checkTranslation } from '../shared/checks/checks.ts';
import { hasData, machineInfo, readLines, writeResult } from './datasets.ts';

const FILES = ['translation/wmt24-news.en-es.en', 'translation/wmt24-news.en-es.es'];
if (!FILES.every(hasData)) {
  console.log('skipped bench:checks: ../shared/data/translation is absent');
  process.exit(0);
}
const [source, reference] = FILES.map(readLines) as [string[], string[]];
const check = (s: string, t: string): Check[] =>
  checkTranslation({ source: s, translation: t, sourceLanguage: 'en', targetLanguage: 'es' });
const kinds = (checks: readonly Check[]) => new Set(checks.map((c) => c.check));

// Clean: the references.
const clean = reference.map((t, i) => check(source[i] ?? '', t));
const flagged = clean.filter((c) => c.length > 0).length;
const byKind = (all: readonly Check[][]) => {
  const counts: Partial<Record<CheckKind, number>> = {};
  for (const c of all) for (const k of kinds(c)) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
};
console.log(
  `references (${reference.length} paragraphs): ${flagged} flagged (${((100 * flagged) / reference.length).toFixed(1)}%, target <= 8%, moonshot 3%)`,
  byKind(clean),
);
for (const [i, c] of clean.entries())
  if (c.length > 0 && i < 400) console.log(`  ${i}: ${JSON.stringify(c)}`);

// Injected: one error per paragraph of each kind.
const words = (t: string) => t.split(/\s+/).filter(Boolean);
const half = (t: string) => Math.ceil(words(t).length / 2);
const injections: Record<CheckKind | string, (s: string, t: string) => string | undefined> = {
  number: (_s, t) => {
    const m = /\d/.exec(t);
    if (!m) return undefined;
    const digit = Number(m[0]);
    return `${t.slice(0, m.index)}${(digit + 3) % 10}${t.slice(m.index + 1)}`;
  },
  name: (s, t) => {
    // A name of the source the reference keeps, turned into a common word.
    const names = [...s.matchAll(/(?<=[\p{Ll},;] )\p{Lu}\p{Ll}{2,}/gu)]
      .map((m) => m[0])
      .filter((n) => t.includes(n));
    const name = names[0];
    return name ? t.split(name).join('casa') : undefined;
  },
  untranslated: (s, t) =>
    words(t).length >= 8 ? [...words(t).slice(0, half(t)), ...words(s).slice(half(s))].join(' ') : undefined,
  missing: (_s, t) => (words(t).length >= 8 ? words(t).slice(0, half(t)).join(' ') : undefined),
};
const caught: Record<string, { touched: number; caught: number; share: number }> = {};
for (const [kind, inject] of Object.entries(injections)) {
  let touched = 0;
  let hit = 0;
  reference.forEach((t, i) => {
    const s = source[i] ?? '';
    const broken = inject(s, t);
    if (broken === undefined || broken === t) return;
    touched++;
    if (kinds(check(s, broken)).has(kind as CheckKind)) hit++;
  });
  caught[kind] = { touched, caught: hit, share: touched ? hit / touched : 0 };
  console.log(
    `injected ${kind}: caught ${hit} of ${touched} (${((100 * hit) / Math.max(1, touched)).toFixed(1)}%, target >= 95%)`,
  );
}

// The local engine's own output.
const engine = await startTranslateEndpoint();
const client = new TranslateClient({
  endpoint: engine.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'LOCAL' },
});
const output = await Promise.all(
  source.map(
    async (Text) =>
      (
        await client.send(
          new TranslateTextCommand({ Text, SourceLanguageCode: 'en', TargetLanguageCode: 'es' }),
        )
      ).TranslatedText ?? '',
  ),
);
client.destroy();
await engine.stop();
const engineChecks = output.map((t, i) => check(source[i] ?? '', t));
const engineFlagged = engineChecks.filter((c) => c.length > 0).length;
console.log(
  `local engine (${output.length} paragraphs): ${engineFlagged} flagged (${((100 * engineFlagged) / output.length).toFixed(1)}%)`,
  byKind(engineChecks),
);

writeResult('checks', {
  benchmark: 'checks',
  command: 'npm run bench:checks',
  machine: machineInfo(),
  paragraphs: reference.length,
  references: { flagged, share: flagged / reference.length, byKind: byKind(clean) },
  injected: caught,
  engine: { flagged: engineFlagged, share: engineFlagged / output.length, byKind: byKind(engineChecks) },
});
