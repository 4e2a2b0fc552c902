/**
 * The article's own headline. A page's <title> usually carries the site's name ("Tram approved -
 * The Daily"); og:title and the page's <h1> usually do not, so they come first, and a site name
 * still attached to any of them is taken off.
 */
export interface TitleSources {
  /** og:title or twitter:title. */
  metaTitle?: string | undefined;
  /** The page's <h1>s, in order. */
  headlines?: readonly string[] | undefined;
  /** The article's own opening <h1>, when the article starts with one. */
  leadingHeadline?: string | undefined;
  titleTag?: string | undefined;
  siteName?: string | undefined;
  /** The page's address: its host names the site as well as og:site_name does. */
  url?: string | undefined;
}

/** " - ", " | ", " · "...: not ": ", which headlines use themselves ("Zimbabwe coup: ..."). */
const SEPARATOR = /\s+[|\-–—·»•/]{1,2}\s+/u;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Does this end or start of a title name the site (its og:site_name or its host)? */
function namesSite(part: string, sources: TitleSources): boolean {
  const name = squash(part);
  if (!name) return false;
  if (sources.siteName && squash(sources.siteName) === name) return true;
  const host = sources.url ? hostOf(sources.url) : undefined;
  // "Guardian" names theguardian.com; "How we designed Dropbox's ATF" does not name dropbox.com.
  return host !== undefined && (host === name || (host.includes(name) && name.length >= 4));
}

function hostOf(url: string): string | undefined {
  try {
    const labels = new URL(url).hostname.replace(/^www\d?\./, '').split('.');
    return squash(labels.slice(0, Math.max(1, labels.length - 1)).join(''));
  } catch {
    return undefined;
  }
}

/** "Headline - Site", "Site | Headline", "Headline | Section | Site" down to "Headline". */
export function withoutSiteName(title: string, sources: TitleSources): string {
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return title;
  const head = squash(parts[0] ?? '');
  if (sources.headlines?.some((h) => squash(h) === head)) return parts[0] ?? title;
  let first = 0;
  let last = parts.length;
  while (last - first > 1 && namesSite(parts[last - 1] ?? '', sources)) last--;
  while (last - first > 1 && namesSite(parts[first] ?? '', sources)) first++;
  if (first === 0 && last === parts.length) return longestPipePart(title) ?? title;
  // Cut at the original separators, so that a hyphen inside the headline stays.
  const kept = parts.slice(first, last);
  const start = title.indexOf(kept[0] ?? '');
  const lastKept = kept[kept.length - 1] ?? '';
  const end = title.lastIndexOf(lastKept) + lastKept.length;
  const cut = title.slice(start, end).trim();
  return words(cut) >= 2 ? cut : title;
}

/**
 * og:title, then the <h1> the article opens with, then the first <h1> that is most of the <title>
 * (a page's first <h1> is often its logo), then the <title> without the site name.
 */
/** "Headline | Site" with an unknown site: the pipe is a site's separator, not a headline's. */
function longestPipePart(title: string): string | undefined {
  const parts = title.split(/\s+\|\s+/);
  if (parts.length < 2) return undefined;
  const longest = parts.reduce((a, b) => (words(b) > words(a) ? b : a));
  return words(longest) >= 2 ? longest : undefined;
}

export function articleTitle(sources: TitleSources): string | undefined {
  const { metaTitle, titleTag } = sources;
  const headlines = sources.headlines ?? [];
  if (metaTitle && !namesSite(metaTitle, sources)) return withoutSiteName(metaTitle, sources);
  if (sources.leadingHeadline) return sources.leadingHeadline;
  if (!titleTag) return headlines[0];
  const stripped = squash(withoutSiteName(titleTag, sources));
  const agreeing = headlines.find((h) => {
    const text = squash(h);
    return text.length * 2 >= stripped.length && squash(titleTag).includes(text);
  });
  return agreeing ?? withoutSiteName(titleTag, sources);
}
