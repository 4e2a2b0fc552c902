/**
 * Spaces calls `1 / perSecond` seconds apart, in the order they ask: the Translate rate setting
 * (TRANSLATE_REQUESTS_PER_SECOND). Without a rate, calls pass at once.
 */
export function pacer(
  perSecond: number | undefined,
  clock: { now(): number; sleep(ms: number): Promise<void> } = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): () => Promise<void> {
  if (!perSecond) return async () => {};
  const interval = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = clock.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await clock.sleep(at - now);
  };
}
