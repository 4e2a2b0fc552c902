import { describe, expect, it } from 'vitest';
import { decodeArticle, firstInvalidUtf8Offset } from '../../shared/article/decode.ts';
import { InputError } from '../../shared/errors.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof InputError ? err.code : `not an InputError: ${String(err)}`;
  }
  return undefined;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeArticle', () => {
  it('decodes UTF-8 and strips a UTF-8 byte-order mark', () => {
    expect(decodeArticle(utf8('Olá, mundo — “quoted” 日本'))).toBe('Olá, mundo — “quoted” 日本');
    expect(decodeArticle(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hi there')]))).toBe('Hi there');
  });

  it('rejects empty and whitespace-only files with distinct codes', () => {
    expect(codeOf(() => decodeArticle(new Uint8Array()))).toBe('EMPTY_INPUT');
    expect(codeOf(() => decodeArticle(utf8(' \n\t\r\n  ')))).toBe('BLANK_INPUT');
  });

  it('rejects binary files by signature and by NUL bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(codeOf(() => decodeArticle(png))).toBe('BINARY_INPUT');
    expect(codeOf(() => decodeArticle(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj')))).toBe('BINARY_INPUT');
    expect(codeOf(() => decodeArticle(new Uint8Array([0x41, 0x42, 0x00, 0x43])))).toBe('BINARY_INPUT');
  });

  it('rejects invalid UTF-8 instead of replacing it with U+FFFD, and says where', () => {
    const bytes = new Uint8Array([...utf8('Caf'), 0xe9, ...utf8(' au lait')]); // Latin-1 é
    expect(codeOf(() => decodeArticle(bytes))).toBe('INVALID_UTF8');
    expect(firstInvalidUtf8Offset(bytes)).toBe(3);
    try {
      decodeArticle(bytes);
    } catch (err) {
      expect(String(err)).toContain('offset 3');
    }
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const text = 'Hello “world”';
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 + i * 2] = c & 0xff;
      le[3 + i * 2] = c >> 8;
    }
    expect(decodeArticle(le)).toBe(text);
  });
});
