import type { Locale } from '../db/schema.js';

export const locales: readonly Locale[] = ['en-US', 'zh-TW'];
export const defaultLocale: Locale = 'en-US';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Picks from an Accept-Language header: Chinese as written in Taiwan, Hong Kong or Macau (Traditional
 * script) → zh-TW, English → en-US; null when the header names neither.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((param) => param.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (
      tag === 'zh-tw' ||
      tag === 'zh-hant' ||
      tag.startsWith('zh-hant-') ||
      tag === 'zh-hk' ||
      tag === 'zh-mo'
    ) {
      return 'zh-TW';
    }
    if (tag.startsWith('en')) return 'en-US';
  }
  return null;
}
