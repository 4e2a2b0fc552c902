import { join } from 'node:path';

/**
 * Where an object lives on disk. S3 keys are opaque strings: `a//b`, `../x` and a 900-byte
 * segment are all ordinary keys. s3rver joins keys into file paths as they are, so `//` has no
 * file and `/../` climbs out of the data folder. Here every key segment becomes a file name that
 * starts with a marker, so none is empty, `.` or `..`:
 * - `~name`: the segment `name`, followed by a `/` in the key (except the last);
 * - `+piece`: part of a segment too long for one file name, continued in the next component.
 */
const SEGMENT = '~';
const CONTINUED = '+';
/** Linux allows 255 bytes per file name; leave room for the marker and s3rver's suffixes. */
const MAX_PIECE_BYTES = 200;
const SUFFIX = '._S3rver_';

function pieces(segment: string): string[] {
  if (Buffer.byteLength(segment) <= MAX_PIECE_BYTES) return [segment];
  const out: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const char of segment) {
    const size = Buffer.byteLength(char);
    if (bytes + size > MAX_PIECE_BYTES) {
      out.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += char;
    bytes += size;
  }
  out.push(piece);
  return out;
}

/** The path components for a key (the last one without s3rver's resource suffix). */
export function keyComponents(key: string): string[] {
  return key.split('/').flatMap((segment) => {
    const parts = pieces(segment);
    return parts.map((part, i) => (i < parts.length - 1 ? CONTINUED : SEGMENT) + part);
  });
}

/** The file that holds `resource` (object, metadata.json, …) of `key` in `bucketPath`. */
export function resourcePath(bucketPath: string, key: string, resource: string): string {
  // The bucket's own resources (uploads, cors.xml) carry no marker, so no key can reach them.
  if (key === '') return join(bucketPath, `_${resource}`);
  const components = keyComponents(key);
  const last = components.pop() ?? SEGMENT;
  return join(bucketPath, ...components, `${last}${SUFFIX}${resource}`);
}

/** The key an object file stands for, from its path components below the bucket folder. */
export function keyFromComponents(components: readonly string[], resource = 'object'): string | undefined {
  const suffix = `${SUFFIX}${resource}`;
  let key = '';
  for (const [i, component] of components.entries()) {
    const last = i === components.length - 1;
    const marker = component.charAt(0);
    if (marker !== SEGMENT && marker !== CONTINUED) return undefined;
    let body = component.slice(1);
    if (last) {
      if (marker !== SEGMENT || !body.endsWith(suffix)) return undefined;
      body = body.slice(0, -suffix.length);
    }
    key += body + (marker === SEGMENT && !last ? '/' : '');
  }
  return key;
}

/** A folder that holds keys' components; the bucket's own folders (uploads) have no marker. */
export function isKeyFolder(name: string): boolean {
  return name.startsWith(SEGMENT) || name.startsWith(CONTINUED);
}

/** S3's order: keys compare as UTF-8 bytes, not as UTF-16 code units. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
