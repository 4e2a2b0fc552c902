import * as z from 'zod';

/**
 * Faults the local Translate endpoint can inject, so retries and failure handling are exercised
 * for real. Written as `throttle=0.3,error=0.05,latency=20,seed=7` in PARAGRAF_TRANSLATE_FAULTS or
 * the CLI's --faults.
 */
export const FaultSpec = z.object({
  /** Fraction of requests answered with ThrottlingException (HTTP 400). */
  throttle: z.coerce.number().min(0).max(1).default(0),
  /** Fraction answered with InternalServerException (HTTP 500). */
  error: z.coerce.number().min(0).max(1).default(0),
  /** Milliseconds added to every request. */
  latency: z.coerce.number().int().min(0).max(60_000).default(0),
  seed: z.coerce.number().int().default(1),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

export function parseFaults(text: string): FaultSpec {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, value] = part.split('=');
      return [name?.trim() ?? '', value?.trim() ?? ''];
    });
  const known = new Set(Object.keys(FaultSpec.shape));
  const unknown = entries.filter(([name]) => !known.has(name ?? ''));
  if (unknown.length > 0)
    throw new Error(`Unknown fault "${unknown[0]?.[0]}": use throttle, error, latency and seed`);
  return FaultSpec.parse(Object.fromEntries(entries));
}

/** mulberry32: a small seeded PRNG, so a fault run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultDecision = 'throttle' | 'error' | 'pass';

export function faultInjector(spec: FaultSpec): () => FaultDecision {
  const random = seededRandom(spec.seed);
  return () => {
    const roll = random();
    if (roll < spec.throttle) return 'throttle';
    if (roll < spec.throttle + spec.error) return 'error';
    return 'pass';
  };
}
