/**
 * Escaping, in one place: HTML (element text and attribute values), a sanitized fragment's text,
 * and XML 1.0 (TMX files).
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an HTML element or an attribute value, quoted either way. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Text between tags only (a sanitized fragment's words): quotes stay as they are. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** XML 1.0 carries no control character but tab, line feed and carriage return, and not U+FFFE or U+FFFF. */
const xmlAllows = (c: string) => {
  const code = c.codePointAt(0) ?? 0;
  return (
    (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff
  );
};

/** Text for XML 1.0 content or a double-quoted attribute; characters XML cannot hold are dropped. */
export function escapeXml(text: string): string {
  return [...text]
    .filter(xmlAllows)
    .join('')
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five entities and numeric character references, read back. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return XML_ENTITIES[entity] ?? whole;
  });
}
