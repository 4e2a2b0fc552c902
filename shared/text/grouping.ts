import { TRANSLATE_MAX_BYTES } from './chunker.ts';
import { utf8Length } from './words.ts';

/** Texts that share one TranslateText call are separated by a blank line, and split there again. */
export const GROUP_SEPARATOR = '\n\n';
const BLANK_LINE = /\n\s*\n/;
/**
 * A text may share a call only when it ends a sentence: across a blank line with no full stop
 * before it, an engine reorders words over the line (Apertium turned `"fine"` + `The cat sleeps`
 * into `"Los sueños del` + `gato"`), and the parts would still count right.
 */
const ENDS_SENTENCE = /[.!?…。！？]["'”’»)\]]*$/u;

export function groupable(text: string): boolean {
  const body = text.trim();
  return ENDS_SENTENCE.test(body) && !BLANK_LINE.test(body);
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
  const parts = translated.split(BLANK_LINE).map((part) => part.trim());
  return parts.length === count && parts.every((part) => part.length > 0) ? parts : undefined;
}
