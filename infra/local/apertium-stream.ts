/**
 * Apertium's stream format, read in one place: text with `\`-escapes, superblanks `[...]` (markup
 * and our separators, passed through the engine untouched), word-bound blanks `[[...]]` (the
 * elements around the words that follow, up to `[[/]]`), and lexical units `^surface/analysis$`
 * (the analyser's output). The pool splits answers, the HTML encoder reads markup back and the
 * names pass reads analyses through it.
 */
export type StreamToken =
  | { kind: 'text'; text: string; start: number; end: number }
  | { kind: 'blank'; content: string; start: number; end: number }
  | { kind: 'word-blank'; content: string; start: number; end: number }
  | { kind: 'unit'; surface: string; analyses: string[]; start: number; end: number };

/** The superblank that separates the texts of one batch; text never contains it unescaped. */
export const REQUEST_SEPARATOR = '\n\n<paragraf>';

/**
 * Through Spanish (en → es → fr), the names the first leg kept travel to the second marked
 * (private-use characters around each), and the second leg's request opens with a blank that says
 * so: it keeps those names and looks for no others in the Spanish text (apertium-names.ts).
 */
export const NAME_OPEN = '\uE011';
export const NAME_CLOSE = '\uE012';
export const SECOND_LEG = '\uE010';
export const withoutNameMarks = (text: string) => text.replace(/[\uE010-\uE012]/g, '');

/** Apertium's stream format reserves these characters; text must escape them. */
export function escapeApertium(text: string): string {
  return text.replace(/[\\^$@/[\]{}<>]/g, (c) => `\\${c}`);
}

export function unescapeApertium(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}

/** Where `close` ends what opens at `from`, skipping escaped characters; the stream's end when it never does. */
function closing(stream: string, from: number, close: string): number {
  let i = from;
  while (i < stream.length && !stream.startsWith(close, i)) i += stream.charAt(i) === '\\' ? 2 : 1;
  return Math.min(i, stream.length);
}

const UNESCAPED_SLASH = /(?<!\\)\//;

/**
 * The stream's tokens in order. An unterminated blank or unit runs to the end of the stream.
 * Lexical units are read only from the analyser's output (`units`); in a translation, `^` is text.
 */
export function* readStream(stream: string, options: { units?: boolean } = {}): Generator<StreamToken> {
  let i = 0;
  let text = '';
  let textStart = 0;
  const flush = function* (at: number): Generator<StreamToken> {
    if (text) yield { kind: 'text', text, start: textStart, end: at };
    text = '';
  };
  while (i < stream.length) {
    const c = stream.charAt(i);
    if (c === '\\' && i + 1 < stream.length) {
      if (!text) textStart = i;
      text += stream.charAt(i + 1);
      i += 2;
    } else if (c === '[') {
      // `[[...]]` binds the elements to the words after it; `[...]` is a blank of its own.
      yield* flush(i);
      const width = stream.startsWith('[[', i) ? 2 : 1;
      const end = closing(stream, i + width, ']'.repeat(width));
      yield {
        kind: width === 2 ? 'word-blank' : 'blank',
        content: stream.slice(i + width, end),
        start: i,
        end: Math.min(end + width, stream.length),
      };
      i = end + width;
    } else if (c === '^' && options.units) {
      yield* flush(i);
      const end = closing(stream, i + 1, '$');
      const [surface = '', ...rest] = stream.slice(i + 1, end).split(UNESCAPED_SLASH);
      yield { kind: 'unit', surface, analyses: rest, start: i, end: Math.min(end + 1, stream.length) };
      i = end + 1;
    } else {
      if (!text) textStart = i;
      text += c;
      i++;
    }
  }
  yield* flush(stream.length);
}

/** The stream with each analysed lexical unit replaced by `f` of it; everything else as it was. */
export function replaceUnits(
  stream: string,
  f: (unit: Extract<StreamToken, { kind: 'unit' }>) => string,
): string {
  let out = '';
  for (const token of readStream(stream, { units: true }))
    out +=
      token.kind === 'unit' && token.analyses.length > 0 ? f(token) : stream.slice(token.start, token.end);
  return out;
}
