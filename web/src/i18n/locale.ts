import type { Locale } from '../api.js';
import enUS from './en-US.json' with { type: 'json' };
import zhTW from './zh-TW.json' with { type: 'json' };

export const messages: Record<Locale, Record<string, string>> = { 'en-US': enUS, 'zh-TW': zhTW };

const storageKey = 'settle.locale';

/** Before sign-in: the last choice on this browser, else the browser's own language. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(storageKey);
  if (stored === 'en-US' || stored === 'zh-TW') return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lower = tag.toLowerCase();
    if (lower === 'zh-tw' || lower.startsWith('zh-hant') || lower === 'zh-hk' || lower === 'zh-mo')
      return 'zh-TW';
    if (lower.startsWith('en')) return 'en-US';
  }
  return 'en-US';
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(storageKey, locale);
}
