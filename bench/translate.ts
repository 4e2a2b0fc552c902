/**
 * Translation quality of the whole local pipeline against raw `apertium -u eng-spa` on the same
 * text, on the WMT24 en-es news paragraphs (17 documents), with and without the do-not-translate
 * glossary (examples/terminology/news-names.csv). Corpus chrF and BLEU, sacreBLEU-compatible.
 *
 *   npm run bench:translate
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalCloud } from '../infra/local/cloud.ts';
import { ArticleDocument } from '../shared/schemas/document.ts';
import { splitSentences } from '../shared/text/segmenter.ts';
import { hasData, machineInfo, readLines, writeResult } from './datasets.ts';
import { corpusBleu, corpusChrf } from './metrics/mt.ts';

const FILES = [
  'translation/wmt24-news.en-es.en',
  'translation/wmt24-news.en-es.es',
  'translation/wmt24-news.en-es.docids',
];
if (!FILES.every(hasData)) {
  console.log('skipped bench:translate: ../shared/data/translation is absent');
  process.exit(0);
}
const [source, reference, docids] = FILES.map(readLines) as [string[], string[], string[]];
const documents = new Map<string, number[]>();
for (const [line, id] of docids.entries()) documents.set(id, [...(documents.get(id) ?? []), line]);

function rawApertium(texts: readonly string[] = source): { lines: string[]; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'paragraf-wmt-'));
  try {
    const file = join(dir, 'source.txt');
    writeFileSync(file, `${texts.join('\n\n')}\n`);
    const started = process.hrtime.bigint();
    const out = execFileSync('apertium', ['-u', 'eng-spa', file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const lines = out.replace(/\n+$/, '').split(/\n\s*\n/);
    if (lines.length !== texts.length)
      throw new Error(`raw apertium returned ${lines.length} paragraphs for ${texts.length}`);
    return { lines, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pipeline(
  terminology: boolean,
): Promise<{ lines: string[]; seconds: number; termsKept: number }> {
  const cloud = await startLocalCloud({ env: terminology ? { TERMINOLOGY_NAMES: 'news-names' } : {} });
  try {
    const s3 = cloud.s3.client();
    const started = process.hrtime.bigint();
    const ids = [...documents.keys()];
    await Promise.all(
      ids.map((_, i) => {
        const lines = documents.get(ids[i] ?? '') ?? [];
        const body = lines.map((l) => source[l]).join('\n\n');
        return s3.send(
          new PutObjectCommand({
            Bucket: cloud.inputBucket,
            Key: `incoming/wmt-${i}.txt`,
            Body: body,
            Metadata: { 'source-language': 'en', 'target-languages': 'es' },
          }),
        );
      }),
    );
    await cloud.idle();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const hypotheses = new Array<string>(source.length).fill('');
    for (const [i, id] of ids.entries()) {
      const text = await cloud.deps.store.getText(cloud.outputBucket, `wmt-${i}/article.json`);
      if (!text) throw new Error(`document ${id} produced no article.json`);
      const doc = ArticleDocument.parse(JSON.parse(text));
      // A short first line without final punctuation became the title: it is the first paragraph here.
      const translated = [
        ...(doc.title ? [doc.titleTranslations.es ?? ''] : []),
        ...doc.paragraphs.map((p) => p.translations.es?.text ?? ''),
      ];
      const lines = documents.get(id) ?? [];
      if (translated.length !== lines.length)
        throw new Error(`document ${id}: ${translated.length} paragraphs for ${lines.length}`);
      lines.forEach((line, k) => {
        hypotheses[line] = translated[k] ?? '';
      });
    }
    s3.destroy();
    const names = ['Trump', 'Putin', 'Kyiv', 'Biden', 'Zelensky'];
    let termsKept = 0;
    source.forEach((line, i) => {
      for (const name of names) if (line.includes(name) && hypotheses[i]?.includes(name)) termsKept++;
    });
    return { lines: hypotheses, seconds, termsKept };
  } finally {
    await cloud.stop();
  }
}

const names = ['Trump', 'Putin', 'Kyiv', 'Biden', 'Zelensky'];
const termOccurrences = source.reduce((n, line) => n + names.filter((name) => line.includes(name)).length, 0);
const raw = rawApertium();
const plain = await pipeline(false);
const glossary = await pipeline(true);
const score = (lines: string[]) => ({
  chrF: corpusChrf(lines, reference),
  BLEU: corpusBleu(lines, [reference]),
});
const rawTermsKept = source.reduce(
  (n, line, i) => n + names.filter((name) => line.includes(name) && raw.lines[i]?.includes(name)).length,
  0,
);
const rows = {
  'raw apertium -u eng-spa': {
    ...score(raw.lines),
    seconds: raw.seconds,
    namesKept: `${rawTermsKept}/${termOccurrences}`,
  },
  'paragraf pipeline': {
    ...score(plain.lines),
    seconds: plain.seconds,
    namesKept: `${plain.termsKept}/${termOccurrences}`,
  },
  'paragraf pipeline + glossary': {
    ...score(glossary.lines),
    seconds: glossary.seconds,
    namesKept: `${glossary.termsKept}/${termOccurrences}`,
  },
};
console.log(`WMT24 en-es news: ${source.length} paragraphs in ${documents.size} documents`);
console.table(
  Object.fromEntries(
    Object.entries(rows).map(([k, v]) => [
      k,
      {
        chrF: v.chrF.toFixed(2),
        BLEU: v.BLEU.toFixed(2),
        seconds: v.seconds.toFixed(2),
        'names kept': v.namesKept,
      },
    ]),
  ),
);
/**
 * Summary sentences and whole-sentence gists are cut from their paragraph's translation when it
 * splits into as many sentences as the source; otherwise they are sent on their own. How often
 * does the cut apply, and how close is a cut sentence to the same sentence translated alone?
 */
const multi = source.flatMap((line, i) => (splitSentences(line).length > 1 ? [i] : []));
const alignedParagraphs = multi.filter(
  (i) => splitSentences(source[i] ?? '').length === splitSentences(raw.lines[i] ?? '').length,
);
const sentences = alignedParagraphs.flatMap((i) => splitSentences(source[i] ?? '').map((s) => s.trim()));
const cuts = alignedParagraphs.flatMap((i) => splitSentences(raw.lines[i] ?? '').map((s) => s.trim()));
const alone = rawApertium(sentences).lines.map((l) => l.trim());
const alignment = {
  multiSentenceParagraphs: multi.length,
  aligned: alignedParagraphs.length,
  alignedShare: multi.length ? alignedParagraphs.length / multi.length : 1,
  sentences: sentences.length,
  identicalToAlone: cuts.filter((cut, i) => cut === alone[i]).length,
  chrFCutVsAlone: corpusChrf(cuts, alone),
};
console.log(
  `sentence cuts: ${alignment.aligned}/${alignment.multiSentenceParagraphs} multi-sentence paragraphs align (${(100 * alignment.alignedShare).toFixed(1)}%); ` +
    `${alignment.identicalToAlone}/${alignment.sentences} cut sentences identical to the sentence translated alone (chrF ${alignment.chrFCutVsAlone.toFixed(2)})`,
);
const pipelineGap = rows['paragraf pipeline'].chrF - rows['raw apertium -u eng-spa'].chrF;
const glossaryGain = rows['paragraf pipeline + glossary'].chrF - rows['paragraf pipeline'].chrF;
console.log(
  `pipeline - raw: ${pipelineGap.toFixed(2)} chrF (target: > -0.5); glossary - pipeline: ${glossaryGain.toFixed(2)} chrF (target: >= 0)`,
);
writeResult('translate', {
  benchmark: 'translate',
  command: 'npm run bench:translate',
  machine: machineInfo(),
  paragraphs: source.length,
  documents: documents.size,
  rows,
  pipelineGap,
  glossaryGain,
  alignment,
});
