import { TranslationError } from '../errors.ts';
import type { Translator } from '../ports.ts';
import { chunkForTranslation } from '../text/chunker.ts';
import { GROUP_SEPARATOR, packGroups, splitGroup } from '../text/grouping.ts';

/** One text to translate into one language, named by its translationHash. */
export interface Need {
  hash: string;
  text: string;
  source: string;
  target: string;
  /** Never shares a TranslateText call with other texts (HTML). */
  alone?: boolean;
}

export type Outcome = { ok: true; text: string } | { ok: false; error: unknown };

type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/** Marks a text as on its way to the engine: a second need for it in the same batch is not sent again. */
const PENDING: Outcome = { ok: false, error: undefined };

export interface TextTranslation {
  text: string;
  characters: number;
  requests: number;
}

/**
 * Translates one text of any length: chunks of at most 10,000 UTF-8 bytes cut at sentence
 * boundaries, sent concurrently through `limit`, joined with the whitespace that separated them.
 */
export async function translateText(
  translator: Translator,
  text: string,
  request: { source: string; target: string; terminologyNames: readonly string[] },
  limit: Limit,
  pace: () => Promise<void> = async () => {},
): Promise<TextTranslation> {
  const chunks = chunkForTranslation(text);
  const pieces = await Promise.all(
    chunks.map(async (chunk) => {
      const body = chunk.trim();
      if (!body) return { translated: '', trailing: chunk };
      const translated = await limit(async () => {
        await pace();
        return translator.translate({ ...request, text: body });
      });
      return { translated: translated.trim(), trailing: /\s*$/.exec(chunk)?.[0] ?? '' };
    }),
  );
  const joined = pieces
    .map((p, i) => (i < pieces.length - 1 ? p.translated + (p.trailing || ' ') : p.translated))
    .join('');
  const sent = chunks.filter((c) => c.trim()).map((c) => c.trim());
  return { text: joined, characters: sent.reduce((sum, c) => sum + c.length, 0), requests: sent.length };
}

/**
 * The engine calls of one batch attempt. A text already known (the article's manifest, a failed
 * attempt's) is not sent; the rest go in as few TranslateText calls as fit, and a call whose
 * answer does not split back is sent again one text per call, its language pair no longer grouped.
 */
export class EngineCalls {
  readonly totals = {
    characters: 0,
    cachedCharacters: 0,
    requests: 0,
    groupedRequests: 0,
    regroupedTexts: 0,
  };
  /** Every translation used (known or new), by hash: what the article's manifest is made of. */
  readonly entries: Record<string, string> = {};
  /** The translations this batch paid for, in this attempt or a failed one before it, by hash. */
  readonly paid: Record<string, string> = {};
  private readonly outcomes = new Map<string, Outcome>();
  private readonly ungrouped = new Set<string>();

  /**
   * `known`: translations from the article's manifest (counted as from the cache); `carried`:
   * those a failed attempt of this batch paid for (counted with that attempt's characters).
   */
  private readonly translator: Translator;
  private readonly known: ReadonlyMap<string, string>;
  private readonly carried: ReadonlyMap<string, string>;
  private readonly terminologyNames: readonly string[];
  private readonly limit: Limit;
  private readonly pace: () => Promise<void>;
  constructor(
    translator: Translator,
    known: ReadonlyMap<string, string>,
    carried: ReadonlyMap<string, string>,
    terminologyNames: readonly string[],
    limit: Limit,
    pace: () => Promise<void>,
  ) {
    this.translator = translator;
    this.known = known;
    this.carried = carried;
    this.terminologyNames = terminologyNames;
    this.limit = limit;
    this.pace = pace;
  }

  outcome(hash: string): Outcome | undefined {
    return this.outcomes.get(hash);
  }

  /** Settles every need: from what is known, else translated. */
  async resolve(needs: readonly Need[]): Promise<void> {
    const byPair = new Map<string, Need[]>();
    for (const need of needs) {
      if (this.outcomes.has(need.hash)) continue;
      const hit = this.known.get(need.hash);
      if (hit !== undefined) {
        this.totals.cachedCharacters += need.text.length;
        this.settle(need, { ok: true, text: hit }, false);
        continue;
      }
      const paidBefore = this.carried.get(need.hash);
      if (paidBefore !== undefined) {
        this.settle(need, { ok: true, text: paidBefore }, true);
        continue;
      }
      this.outcomes.set(need.hash, PENDING);
      const pair = `${need.source}\n${need.target}`;
      const group = byPair.get(pair);
      if (group) group.push(need);
      else byPair.set(pair, [need]);
    }
    await Promise.all(
      [...byPair].flatMap(([pair, group]) =>
        packGroups(group, undefined, (need) => need.alone === true).map((g) => this.together(g, pair)),
      ),
    );
  }

  private settle(need: Need, outcome: Outcome, fresh: boolean): void {
    this.outcomes.set(need.hash, outcome);
    if (!outcome.ok) return;
    this.entries[need.hash] = outcome.text;
    if (fresh) this.paid[need.hash] = outcome.text;
  }

  private request(need: Need) {
    return { source: need.source, target: need.target, terminologyNames: this.terminologyNames };
  }

  private unsupported(err: unknown, need: Need): unknown {
    return err instanceof Error && err.name === 'UnsupportedLanguagePairException'
      ? new TranslationError(
          'UNSUPPORTED_LANGUAGE_PAIR',
          `${this.translator.name} cannot translate from ${need.source} to ${need.target}: ${err.message.slice(0, 300)}`,
          { cause: err },
        )
      : err;
  }

  private async alone(need: Need): Promise<void> {
    try {
      const result = await translateText(
        this.translator,
        need.text,
        this.request(need),
        this.limit,
        this.pace,
      );
      this.totals.characters += result.characters;
      this.totals.requests += result.requests;
      this.settle(need, { ok: true, text: result.text }, true);
    } catch (err) {
      this.settle(need, { ok: false, error: this.unsupported(err, need) }, false);
    }
  }

  private async together(group: Need[], pair: string): Promise<void> {
    const [first] = group;
    if (!first || group.length === 1 || this.ungrouped.has(pair)) {
      await Promise.all(group.map((need) => this.alone(need)));
      return;
    }
    const text = group.map((need) => need.text.trim()).join(GROUP_SEPARATOR);
    let translated: string;
    try {
      translated = await this.limit(async () => {
        await this.pace();
        return this.translator.translate({ ...this.request(first), text });
      });
    } catch (err) {
      const error = this.unsupported(err, first);
      for (const need of group) this.settle(need, { ok: false, error }, false);
      return;
    }
    this.totals.characters += text.length;
    this.totals.requests++;
    this.totals.groupedRequests++;
    const parts = splitGroup(translated, group.length);
    if (parts) {
      for (const [i, need] of group.entries()) this.settle(need, { ok: true, text: parts[i] ?? '' }, true);
      return;
    }
    // Paid once already: the texts go again one per call, and this pair is not grouped again.
    this.ungrouped.add(pair);
    this.totals.regroupedTexts += group.length;
    await Promise.all(group.map((need) => this.alone(need)));
  }
}
