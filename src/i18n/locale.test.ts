import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './locale.js';

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['zh-TW,zh;q=0.9,en-US;q=0.8', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['en-GB,en;q=0.9', 'en-US'],
    ['fr-FR,en;q=0.5,zh-TW;q=0.8', 'zh-TW'],
    ['fr-FR', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
