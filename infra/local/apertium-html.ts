import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { escapeHtml, escapeText } from '../../shared/text/escape.ts';
import { escapeApertium, readStream } from './apertium-stream.ts';

/**
 * HTML through Apertium, as Amazon Translate takes it: tags stay around the translated words,
 * and an element with `translate="no"` is copied untouched. Each run of text inside inline
 * elements is sent as a word-bound blank, `[[e1; e2]]text[[/]]`, which Apertium attaches to every
 * word of the run and carries through reordering (this is what Debian's transfuse does for its
 * html format); tags without words (`<br>`) and do-not-translate elements travel as superblanks.
 * Tag names and attributes never reach the engine: the blanks carry numbers.
 */
export interface HtmlJob {
  /** The request in Apertium's stream format (without the request's end). */
  stream: string;
  /**
   * The engine's answer (escaped, with its blanks) back to HTML. `tidy` cleans the text (spacing,
   * marks) while private-use characters stand for the tags, so it never sees or breaks a tag.
   */
  decode(answer: string, tidy: (text: string) => string): string;
}

/** An HTML request is one with a tag in it, as Amazon Translate tells HTML from text. */
export const looksLikeHtml = (text: string) => /<\/?[a-zA-Z][\w-]*(\s[^<>]*)?\/?>/.test(text);

const VOID = new Set(['br', 'hr', 'img', 'wbr', 'input', 'meta', 'link', 'area', 'col', 'source']);

function openTag(node: Element): string {
  const attributes = Object.entries(node.attribs)
    .map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
    .join('');
  return `<${node.name}${attributes}>`;
}
function outerHtml(node: ChildNode): string {
  if (isText(node)) return escapeText(node.data);
  if (!isTag(node)) return '';
  if (VOID.has(node.name)) return openTag(node);
  return `${openTag(node)}${node.children.map(outerHtml).join('')}</${node.name}>`;
}
const hasWords = (node: ChildNode): boolean =>
  isText(node) ? /[\p{L}\p{N}]/u.test(node.data) : isTag(node) && node.children.some(hasWords);

/** Private-use characters stand for tags while the answer is tidied as text. */
const MARK = 0xf0000;
const mark = (n: number) => String.fromCodePoint(MARK + n);

/**
 * An answer as text with a private-use character for each tag: the opening and closing of
 * element i are marks 2i and 2i+1, the verbatim pieces follow after the `tagCount` elements'.
 */
function markedAnswer(answer: string, tagCount: number): string {
  const verbatimMark = (v: number) => mark(2 * tagCount + v);
  // Segments of the answer: text, with the elements around it (from its word-bound blank).
  const segments: Array<{ text: string; ids: number[] }> = [];
  let text = '';
  let run: { text: string; ids: number[] } | undefined;
  const flush = () => {
    if (text) segments.push({ text, ids: [] });
    text = '';
  };
  const endRun = () => {
    if (run) segments.push(run);
    run = undefined;
  };
  for (const token of readStream(answer)) {
    if (token.kind === 'word-blank') {
      // `[[/]]` ends the words of the elements named by the blank before them.
      endRun();
      if (token.content === '/') continue;
      flush();
      const ids = token.content
        .split(/;\s*/)
        .flatMap((id) => (/^e\d+$/.test(id) ? [Number(id.slice(1))] : []));
      run = { text: '', ids: [...new Set(ids)] };
    } else if (token.kind === 'text' || token.kind === 'blank') {
      const v = token.kind === 'blank' ? /^v(\d+)$/.exec(token.content) : undefined;
      const piece = token.kind === 'text' ? token.text : v ? verbatimMark(Number(v[1])) : '';
      if (run) run.text += piece;
      else text += piece;
    }
  }
  endRun();
  flush();
  // Words the engine added inside an element ("centro de tratamiento" for "treatment center")
  // stay inside it: each element spans from its first word to its last.
  const span = new Map<number, [number, number]>();
  segments.forEach((s, k) => {
    for (const id of s.ids) span.set(id, [span.get(id)?.[0] ?? k, k]);
  });
  const open: number[] = [];
  let out = '';
  segments.forEach((s, k) => {
    const wanted = [...span.entries()]
      .filter(([, [from, to]]) => from <= k && k <= to)
      .map(([id]) => id)
      .sort((a, b) => a - b);
    // Close what ends (and what was opened inside it), then open what starts, outermost first.
    while (open.length > 0 && open.some((id) => !wanted.includes(id))) out += mark(2 * (open.pop() ?? 0) + 1);
    for (const id of wanted) {
      if (open.includes(id)) continue;
      open.push(id);
      out += mark(2 * id);
    }
    out += escapeText(s.text);
  });
  while (open.length > 0) out += mark(2 * (open.pop() ?? 0) + 1);
  return out;
}

export function encodeHtml(html: string): HtmlJob {
  const tags: Array<{ open: string; close: string }> = [];
  const verbatim: string[] = [];
  let stream = '';
  const walk = (nodes: readonly ChildNode[], stack: readonly number[]) => {
    for (const node of nodes) {
      if (isText(node)) {
        if (!node.data) continue;
        const text = escapeApertium(node.data);
        stream +=
          stack.length > 0 && /[\p{L}\p{N}]/u.test(node.data)
            ? `[[${stack.map((i) => `e${i}`).join('; ')}]]${text}[[/]]`
            : text;
      } else if (isTag(node)) {
        const element = node as Element;
        if (element.attribs.translate === 'no' || VOID.has(element.name) || !hasWords(element)) {
          // Copied as written, where it stands.
          verbatim.push(outerHtml(element));
          stream += `[v${verbatim.length - 1}]`;
          continue;
        }
        tags.push({ open: openTag(element), close: `</${element.name}>` });
        walk(element.children, [...stack, tags.length - 1]);
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children, []);

  return {
    stream,
    decode(answer, tidy) {
      return [...tidy(markedAnswer(answer, tags.length))]
        .map((c) => {
          const n = (c.codePointAt(0) ?? 0) - MARK;
          if (n < 0) return c;
          if (n >= 2 * tags.length) return verbatim[n - 2 * tags.length] ?? '';
          const tag = tags[n >> 1];
          return (n & 1 ? tag?.close : tag?.open) ?? '';
        })
        .join('');
    },
  };
}

const SIGN_BEFORE_TAG = /([$£€¥])(<([a-z][\w-]*)\b[^>]*>)/g;

/**
 * A currency sign the engine moved out of the element that held it (`<strong>$2.4 million</strong>`
 * → `$<strong>2.4 millions…` through Spanish) goes back inside, where the source had it.
 */
export function signsInside(source: string, translated: string): string {
  return translated.replace(SIGN_BEFORE_TAG, (whole, sign: string, tag: string, name: string) =>
    new RegExp(`<${name}\\b[^>]*>\\${sign}`).test(source) ? `${tag}${sign}` : whole,
  );
}
