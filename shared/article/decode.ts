import { InputError } from '../errors.ts';

const BINARY_SIGNATURES: ReadonlyArray<{ name: string; bytes: readonly number[] }> = [
  { name: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'ZIP archive (or DOCX/ODT)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'GZIP archive', bytes: [0x1f, 0x8b] },
  { name: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * Decodes an uploaded object to text. Strict: invalid UTF-8 is rejected, never replaced with
 * U+FFFD, because a silently mangled article is worse than a clear failure.
 */
export function decodeArticle(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InputError('EMPTY_INPUT', 'The file is empty (0 bytes).');
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) {
      throw new InputError(
        'BINARY_INPUT',
        `The file is a ${signature.name}, not text. Upload .txt, .md or .html.`,
      );
    }
  }
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch (cause) {
      throw new InputError(
        'INVALID_UTF8',
        `The file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}.`,
        { cause },
      );
    }
  } else {
    if (bytes.includes(0)) {
      throw new InputError(
        'BINARY_INPUT',
        'The file contains NUL bytes: it is binary, not text. Upload .txt, .md or .html.',
      );
    }
    try {
      // ignoreBOM: false strips a UTF-8 BOM.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch (cause) {
      const offset = firstInvalidUtf8Offset(bytes);
      throw new InputError(
        'INVALID_UTF8',
        `The file is not valid UTF-8 (first bad byte at offset ${offset}). Save it as UTF-8 and upload again.`,
        { cause },
      );
    }
  }
  if (text.trim().length === 0) throw new InputError('BLANK_INPUT', 'The file holds only whitespace.');
  const controls = countControlCharacters(text);
  if (controls > 8 && controls / text.length > 0.01) {
    throw new InputError(
      'BINARY_INPUT',
      `The file has ${controls} control characters: it looks binary, not text.`,
    );
  }
  return text;
}

function countControlCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) count++;
  }
  return count;
}

/** Byte offset of the first invalid UTF-8 sequence, for an error message a person can act on. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}
