import type { ObjectStore } from '../ports.ts';
import { decodeEventKey } from '../schemas/events.ts';

/**
 * The uploaded object's key from an event's `detail.object.key`, which may be raw (EventBridge) or
 * URL-encoded (an S3 notification record forwarded as is). The key as given wins; its decoded
 * form is used only when no object exists under the key as given and one exists under the
 * decoded form. A key that is not valid URL encoding ("100%.txt") is taken as given, never thrown on.
 */
export async function resolveEventKey(store: ObjectStore, bucket: string, key: string): Promise<string> {
  const decoded = decodeEventKey(key);
  if (decoded === undefined || decoded === key) return key;
  if (await store.exists(bucket, key)) return key;
  return (await store.exists(bucket, decoded)) ? decoded : key;
}
