/**
 * Page furniture: the lines around a story that are not the story (bylines, date lines, photo
 * captions and credits, "Related:" and "Read more" links, newsletter and share prompts). Left out
 * by every reader, so they are neither translated as news nor chosen for the summary.
 */

/** Short lines only: a 40-word paragraph that starts "By the end of…" is news. */
const MAX_FURNITURE_WORDS = 16;

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = new RegExp(
  [
    `\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?`,
    `${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?`,
    '\\d{4}-\\d{2}-\\d{2}',
    '\\d{1,2}/\\d{1,2}/\\d{2,4}',
  ].join('|'),
  'i',
);

const RULES: ReadonlyArray<{ kind: string; test: (text: string) => boolean }> = [
  // "By Jane Doe", "By Jane Doe and Ann Lee, Staff Reporters · 3 March 2026"
  {
    kind: 'byline',
    test: (t) =>
      /^(?:by|By|BY)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*/u.test(t) &&
      !/[.!?]$/.test(t.replace(/\b\d{4}\.?$/, '')),
  },
  // "Published 3 March 2026", "Updated: 12:04 GMT", "Posted on March 3, 2026", a lone date
  {
    kind: 'dateline',
    test: (t) =>
      /^(?:published|updated|posted|last (?:updated|modified)|first published)\b/i.test(t) ||
      (DATE.test(t) &&
        t
          .replace(new RegExp(DATE.source, 'gi'), '')
          .replace(/[\W\d_]|\b(?:at|on|am|pm|gmt|utc|bst|cet|edt|est|pdt|pst)\b/gi, '')
          .trim() === ''),
  },
  // "Photo: Jane Doe/Reuters", "Image credit: …", "Credit: Getty Images", "(Photo: AP)"
  {
    kind: 'caption',
    test: (t) =>
      /^[([]?(?:photo(?:graph)?|image|picture|illustration|video|graphic|credit|caption)s?(?:\s+(?:credit|by))?\s*[:：]/i.test(
        t,
      ) ||
      /^(?:©|\(c\)|copyright\b)/i.test(t) ||
      /^[^.!?]{0,80}\b(?:getty images|afp via getty|reuters\/|ap photo|shutterstock|via reuters)\b[^.!?]*$/i.test(
        t,
      ),
  },
  // "Related: …", "Read more: …", "See also …", "More on this story"
  {
    kind: 'related',
    test: (t) =>
      /^(?:related(?:\s+(?:articles?|stories|coverage|content))?|read more|read also|also read|see also|more on this(?: story)?|recommended|more from|watch|listen)\b\s*[:：»›|-]?/i.test(
        t,
      ) &&
      (/[:：»›|]/.test(t) || !/[.!?]$/.test(t)),
  },
  // "Sign up for our newsletter", "Subscribe to …", "Follow us on …", "Share this article"
  {
    kind: 'prompt',
    test: (t) =>
      /\b(?:sign up|subscribe|newsletter|follow us|share (?:this|on)|click here|download (?:our|the) app)\b/i.test(
        t,
      ),
  },
];

/** The furniture kind of a block's text, or undefined when it is article prose. */
export function furnitureKind(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length > MAX_FURNITURE_WORDS) return undefined;
  return RULES.find((rule) => rule.test(trimmed))?.kind;
}

/** "LONDON (Reuters) — ", "SOCHI, Russia — ": a wire dateline that opens the first paragraph. */
const WIRE_DATELINE =
  /^\p{Lu}[\p{Lu} .'’-]{2,}(?:,\s+[\p{L} .]+?)?(?:\s+\([\p{L} .]+\))?\s*[—–-]{1,2}\s+(?=["“\p{Lu}])/u;

export function stripWireDateline(text: string): string {
  return text.replace(WIRE_DATELINE, '');
}

/** The wire dateline that opens `text`, as printed without its dash ("SOCHI, Russia"), if any. */
export function wireDateline(text: string): string | undefined {
  return (
    text
      .match(WIRE_DATELINE)?.[0]
      .replace(/\s*[—–-]{1,2}\s*$/u, '')
      .trim() || undefined
  );
}

/** HTML class, id, rel and itemprop words that mark furniture containers. */
export const FURNITURE_ATTRIBUTE =
  /\b(?:byline|author|dateline|timestamp|caption|credit|related|newsletter|share|social|promo|advert|ad-slot|signup|subscribe|read-more|more-stories)\b/i;
