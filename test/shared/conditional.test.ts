import { describe, expect, it } from 'vitest';
import {
  CONDITIONAL_WRITE_ATTEMPTS,
  updateIfMatch,
  updateIfMatchOrGiveUp,
} from '../../shared/pipeline/conditional.ts';
import { MemoryStore } from '../helpers/memory-store.ts';

/** One conditional read-modify-write policy for every shared object (shared/pipeline/conditional.ts). */
describe('updateIfMatch', () => {
  const increment = (store: MemoryStore) =>
    updateIfMatch({
      store,
      bucket: 'out',
      key: 'counter.json',
      decide: (found) => {
        const n = found ? Number(found.text) : 0;
        return { write: String(n + 1), result: n + 1 };
      },
      contended: 'the counter kept changing',
    });

  it('creates an object that is not there (If-None-Match), then updates it (If-Match)', async () => {
    const store = new MemoryStore();
    expect(await increment(store)).toBe(1);
    expect(await increment(store)).toBe(2);
    expect(await store.getText('out', 'counter.json')).toBe('2');
  });

  it('loses no update of ten writers racing', async () => {
    const store = new MemoryStore();
    await Promise.all(Array.from({ length: 10 }, () => increment(store)));
    expect(await store.getText('out', 'counter.json')).toBe('10');
  });

  it('fails CONTENDED (retryable) when every attempt loses, and the advisory form gives up quietly', async () => {
    const store = new MemoryStore();
    await store.put('out', 'counter.json', '0');
    let writes = 0;
    // Another writer gets in between every read and write.
    store.beforeWrite = async () => {
      writes++;
      await store.put('out', 'counter.json', String(100 + writes));
    };
    await expect(increment(store)).rejects.toMatchObject({ code: 'CONTENDED', retryable: true });
    expect(writes).toBe(CONDITIONAL_WRITE_ATTEMPTS);
    const given = await updateIfMatchOrGiveUp({
      store,
      bucket: 'out',
      key: 'counter.json',
      decide: () => ({ write: 'x', result: 'written' }),
    });
    expect(given).toBeUndefined();
  });

  it('stops without writing, or reads again, as the decision says', async () => {
    const store = new MemoryStore();
    await store.put('out', 'status.json', 'half');
    let reads = 0;
    const result = await updateIfMatch({
      store,
      bucket: 'out',
      key: 'status.json',
      decide: (found) => {
        reads++;
        if (found?.text === 'half' && reads < 3) return { again: true };
        return { stop: found?.text };
      },
      contended: 'unused',
    });
    expect(result).toBe('half');
    expect(reads).toBe(3);
  });
});
