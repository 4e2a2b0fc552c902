import type { SourceMetadata } from '../article/model.ts';
/**
 * The words the reader and `<lang>.md` show around the article, in the language they label.
 * Languages without an entry fall back to English; language names come from Intl.DisplayNames.
 */
export interface Labels {
  summary: string;
  gist: string;
  original: string;
  /** "Translated from English": the credit's opening, the article (and its elision) agreeing with the name. */
  translatedFrom: (languageName: string) => string;
  paragraphs: string;
  /** Marks a translation an editor corrected. */
  edited: string;
  /** After the gist's label, when the gist is the engine's, of a paragraph an editor has since corrected. */
  machineGist: string;
}

const ENGLISH: Labels = {
  summary: 'Summary',
  gist: 'Gist',
  original: 'original',
  translatedFrom: (name) => `Translated from ${name}`,
  paragraphs: 'paragraphs',
  edited: 'Edited',
  machineGist: 'the machine’s, of the text before it was edited',
};

const LABELS: Record<string, Labels> = {
  en: ENGLISH,
  es: {
    summary: 'Resumen',
    gist: 'En síntesis',
    original: 'original',
    translatedFrom: (name) => `Traducido del ${name}`,
    paragraphs: 'párrafos',
    edited: 'Corregido',
    machineGist: 'automática, del texto antes de corregirlo',
  },
  ca: {
    summary: 'Resum',
    gist: 'En síntesi',
    original: 'original',
    translatedFrom: (name) =>
      /^[aeiouàèéíòóúh]/i.test(name) ? `Traduït de l’${name}` : `Traduït del ${name}`,
    paragraphs: 'paràgrafs',
    edited: 'Corregit',
    machineGist: 'automàtica, del text abans de corregir-lo',
  },
  gl: {
    summary: 'Resumo',
    gist: 'En síntese',
    original: 'orixinal',
    translatedFrom: (name) => `Traducido do ${name}`,
    paragraphs: 'parágrafos',
    edited: 'Corrixido',
    machineGist: 'automática, do texto antes de corrixilo',
  },
  fr: {
    summary: 'Résumé',
    gist: 'En bref',
    original: 'original',
    translatedFrom: (name) =>
      /^[aeiouàâéèêîôû]/i.test(name) ? `Traduit de l’${name}` : `Traduit du ${name}`,
    paragraphs: 'paragraphes',
    edited: 'Corrigé',
    machineGist: 'automatique, du texte avant correction',
  },
  de: {
    summary: 'Zusammenfassung',
    gist: 'Kurz gesagt',
    original: 'Original',
    translatedFrom: (name) => `Übersetzt aus dem ${/sch$/.test(name) ? `${name}en` : name}`,
    paragraphs: 'Absätze',
    edited: 'Korrigiert',
    machineGist: 'maschinell, vom Text vor der Korrektur',
  },
  pt: {
    summary: 'Resumo',
    gist: 'Em síntese',
    original: 'original',
    translatedFrom: (name) => `Traduzido do ${name}`,
    paragraphs: 'parágrafos',
    edited: 'Corrigido',
    machineGist: 'automática, do texto antes da correção',
  },
  it: {
    summary: 'Riassunto',
    gist: 'In sintesi',
    original: 'originale',
    translatedFrom: (name) =>
      /^[aeiouàèéìòù]/i.test(name)
        ? `Tradotto dall’${name}`
        : /^(?:s[^aeiou]|z|gn|ps|x|y)/i.test(name)
          ? `Tradotto dallo ${name}`
          : `Tradotto dal ${name}`,
    paragraphs: 'paragrafi',
    edited: 'Corretto',
    machineGist: 'automatica, del testo prima della correzione',
  },
};

export function labelsFor(lang: string): Labels {
  return LABELS[lang.split('-')[0] ?? lang] ?? ENGLISH;
}

const displayNames = new Map<string, Intl.DisplayNames | undefined>();

/** A language's name as a reader of `inLanguage` writes it in running text ("inglés", "English"). */
export function languageName(code: string, inLanguage: string): string {
  // One formatter per reading language: building one is most of the cost of a name.
  if (!displayNames.has(inLanguage)) {
    try {
      displayNames.set(inLanguage, new Intl.DisplayNames([inLanguage, 'en'], { type: 'language' }));
    } catch {
      displayNames.set(inLanguage, undefined);
    }
  }
  try {
    return displayNames.get(inLanguage)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The same name as a heading or a button ("Español", "English"). */
export function languageTitle(code: string, inLanguage: string): string {
  const name = languageName(code, inLanguage);
  return name.charAt(0).toLocaleUpperCase(inLanguage) + name.slice(1);
}

/** The file name of a key: what the user uploaded, without the input prefix. */
export function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1) || key;
}

type Credited = {
  sourceLanguage: string;
  engines: { translation: string };
  source: { key: string };
  sourceMetadata?: SourceMetadata | undefined;
};

/**
 * The credit under a translation, part by part: from which language, by which engine, then who
 * wrote the original, where and when (names and dates as the source has them), and its address,
 * or the uploaded file's name when it has none.
 */
export function creditParts(doc: Credited, lang: string): { text: string[]; url?: string } {
  const meta = doc.sourceMetadata ?? {};
  const origin = [meta.byline, meta.siteName, publicationDate(meta.publishedTime)].filter(Boolean).join(', ');
  const text = [
    labelsFor(lang).translatedFrom(languageName(doc.sourceLanguage, lang)),
    doc.engines.translation,
    ...(origin ? [origin] : []),
    ...(meta.url ? [] : [fileName(doc.source.key)]),
  ];
  return meta.url ? { text, url: meta.url } : { text };
}

/** "2026-12-07T09:30:00Z" -> "2026-12-07": the same in every language; other forms as given. */
function publicationDate(value: string | undefined): string | undefined {
  return value?.match(/^\d{4}-\d{2}-\d{2}(?=T|\s|$)/)?.[0] ?? value;
}

/** The one-line credit under a translation (Markdown and plain text). */
export function creditLine(doc: Credited, lang: string): string {
  const { text, url } = creditParts(doc, lang);
  return [...text, ...(url ? [url] : [])].join(' · ');
}
