import { TRANSLATE_MAX_BYTES } from './chunker.ts';
import { utf8Length } from './words.ts';

/**
 * Texts that share one TranslateText call are separated by a line break, and split there again.
 * Translate bills the separator like text: one character per text instead of a blank line's two
 * (on a 20-paragraph article with its gists, 35 characters of 4,575). Amazon Translate and
 * Apertium both keep line breaks; an answer that does not split back falls back to one call per text.
 */
export const GROUP_SEPARATOR = '\n';
/** Where an answer splits: a line break, or a blank line should an engine double it. */
const LINE_BREAKS = /\s*\n\s*/;
/**
 * A text may share a call only when it ends a sentence: across a line break with no full stop
 * before it, an engine reorders words over the line (Apertium turned `"fine"` + `The cat sleeps`
 * into `"Los sueños del` + `gato"`), and the parts would still count right. A text with a line
 * break of its own goes alone: its answer could not be told from its neighbours'.
 */
const ENDS_SENTENCE = /[.!?…。！？]["'”’»)\]]*$/u;

export function groupable(text: string): boolean {
  const body = text.trim();
  return ENDS_SENTENCE.test(body) && !body.includes('\n');
}

/**
 * Packs texts into TranslateText calls of at most `maxBytes` (with their separators), in order:
 * texts that may share a call go together, any other text gets a call of its own.
 */
export function packGroups<T extends { text: string }>(
  items: readonly T[],
  maxBytes = TRANSLATE_MAX_BYTES,
  alone: (item: T) => boolean = () => false,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = utf8Length(item.text.trim());
    if (alone(item) || !groupable(item.text) || size > maxBytes) {
      groups.push([item]);
      continue;
    }
    const added = current.length === 0 ? size : size + GROUP_SEPARATOR.length;
    if (current.length > 0 && bytes + added > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    bytes += current.length === 0 ? size : added;
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The parts of a grouped call's answer, or undefined when it does not split into one per text. */
export function splitGroup(translated: string, count: number): string[] | undefined {
  const parts = translated.trim().split(LINE_BREAKS);
  return parts.length === count && parts.every((part) => part.length > 0) ? parts : undefined;
}
