import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';

/**
 * The language pairs of the local engine: Debian's Apertium packages, by Amazon Translate's codes.
 * A pair Debian has directly is used directly; one it has only through Spanish (English to French,
 * Portuguese, Italian...) is translated in two legs, source → es → target, as long as both legs are
 * installed. Regional codes (es-MX, fr-CA, pt-PT) go to their language's mode unless one of their
 * own exists (Amazon's `pt` is Brazilian Portuguese: es-pt_BR; `pt-PT` is es-pt).
 */
export const MODES_DIR = '/usr/share/apertium/modes';

/**
 * The pair table, one file for this module and for setup.sh (`--pairs MODE`):
 * `modes`, source>target (Amazon Translate codes) → Apertium mode; `packages`, the Debian package
 * that brings each mode.
 */
const TABLE = z
  .object({ modes: z.record(z.string(), z.string()), packages: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(new URL('./apertium-pairs.json', import.meta.url), 'utf8')));
const MODES = TABLE.modes;
export const PACKAGES = TABLE.packages;

/** The language Debian's pairs meet in: every pivot goes through it. */
export const PIVOT = 'es';

const installed = (mode: string) => existsSync(`${MODES_DIR}/${mode}.mode`);
const base = (code: string) => code.split('-')[0] ?? code;

/** The mode for a direct pair, the regional code's own first, else its language's. */
function modeFor(source: string, target: string): string | undefined {
  return MODES[`${base(source)}>${target}`] ?? MODES[`${base(source)}>${base(target)}`];
}

export function apertiumMode(source: string, target: string): string | undefined {
  const mode = modeFor(source, target);
  return mode && installed(mode) ? mode : undefined;
}

/** The languages a mode translates between (Amazon Translate codes), from the pairs table. */
export function modeLanguages(mode: string): { source: string; target: string } | undefined {
  const pair = Object.entries(MODES).find(([, m]) => m === mode)?.[0];
  const [source, target] = pair?.split('>') ?? [];
  return source && target ? { source, target } : undefined;
}

/** How the local engine translates source → target: the modes in order, and the pivot if any. */
export interface Route {
  modes: string[];
  via?: typeof PIVOT;
}

export function localRoute(source: string, target: string): Route | undefined {
  const direct = apertiumMode(source, target);
  if (direct) return { modes: [direct] };
  if (base(source) === PIVOT || base(target) === PIVOT) return undefined;
  const first = apertiumMode(source, PIVOT);
  const second = apertiumMode(PIVOT, target);
  return first && second ? { modes: [first, second], via: PIVOT } : undefined;
}

export interface LocalPair {
  source: string;
  target: string;
  /** Apertium's modes, as setup.sh --pairs takes them (two for a pair through Spanish). */
  modes: string[];
  /** The Debian packages that bring them. */
  packages: string[];
  via?: typeof PIVOT;
  installed: boolean;
  /** The modes still to install (setup.sh --pairs takes them). */
  missing: string[];
}

/**
 * Every pair the local engine knows, installed or a Debian package away: the direct ones, and
 * English to and from each language Debian pairs with Spanish, through Spanish.
 */
export function localPairs(): LocalPair[] {
  const pairs: LocalPair[] = [];
  const entries = Object.entries(MODES).filter(([pair]) => !pair.includes('-'));
  for (const [pair, mode] of entries) {
    const [source = '', target = ''] = pair.split('>');
    pairs.push({
      source,
      target,
      modes: [mode],
      packages: [PACKAGES[mode] ?? `apertium-${mode}`],
      installed: installed(mode),
      missing: installed(mode) ? [] : [mode],
    });
  }
  const direct = new Set(pairs.map((p) => `${p.source}>${p.target}`));
  const spanish = [
    ...new Set(
      entries.flatMap(([pair]) =>
        pair.startsWith(`${PIVOT}>`) && !pair.endsWith('>en') ? [pair.slice(3)] : [],
      ),
    ),
  ];
  for (const other of spanish) {
    for (const [source, target] of [
      ['en', other],
      [other, 'en'],
    ] as const) {
      if (direct.has(`${source}>${target}`)) continue;
      const first = modeFor(source, PIVOT);
      const second = modeFor(PIVOT, target);
      if (!first || !second) continue;
      const modes = [first, second];
      pairs.push({
        source,
        target,
        modes,
        packages: [...new Set(modes.map((m) => PACKAGES[m] ?? `apertium-${m}`))],
        via: PIVOT,
        installed: modes.every(installed),
        missing: modes.filter((m) => !installed(m)),
      });
    }
  }
  return pairs;
}

/** For an UnsupportedLanguagePairException: what the engine has from `source`, and how to add the pair. */
export function missingPairHint(source: string, target: string): string {
  const pairs = localPairs();
  const from = pairs.filter((p) => p.installed && p.source === base(source)).map((p) => p.target);
  const available =
    from.length > 0
      ? `Installed targets from ${source}: ${from.join(', ')}.`
      : `No installed pair translates from ${source}.`;
  const add = pairs.find((p) => p.source === base(source) && p.target === base(target));
  return add
    ? `${available} Add ${source}→${target}${add.via ? ` (through ${add.via})` : ''} with: bash infra/local/setup.sh --pairs ${add.missing.join(',')} (Debian ${add.packages.length > 1 ? 'packages' : 'package'} ${add.packages.join(', ')}).`
    : `${available} Debian packages no Apertium pair for ${source}→${target}, not even through Spanish; Amazon Translate has it (see paragraf languages --aws).`;
}
