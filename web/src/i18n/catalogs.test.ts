import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { serverMessages } from '../../../src/i18n/server-messages.js';
import enUS from './en-US.json' with { type: 'json' };
import zhTW from './zh-TW.json' with { type: 'json' };

const catalogs: Record<string, Record<string, string>> = { 'en-US': enUS, 'zh-TW': zhTW };

function argumentNames(elements: MessageFormatElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date)
      names.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      names.add(element.value);
      for (const option of Object.values(element.options)) argumentNames(option.value, names);
    }
  }
  return names;
}

// Proper names that read the same in both languages.
const sameInBothLanguages = new Set([
  'language.en-US',
  'language.zh-TW',
  'brand.visa',
  'brand.mastercard',
  'brand.amex',
  'brand.jcb',
]);

describe('web message catalogs', () => {
  it('have exactly the same keys in en-US and zh-TW', () => {
    expect(Object.keys(zhTW).sort()).toEqual(Object.keys(enUS).sort());
  });

  it.each(Object.keys(enUS))('%s parses in both languages with the same placeholders', (key) => {
    const en = argumentNames(parse((enUS as Record<string, string>)[key] ?? ''));
    const zh = argumentNames(parse((zhTW as Record<string, string>)[key] ?? ''));
    expect([...zh].sort()).toEqual([...en].sort());
  });

  it('are really translated into Traditional Chinese', () => {
    for (const [key, text] of Object.entries(zhTW)) {
      if (sameInBothLanguages.has(key)) continue;
      expect(text, key).toMatch(/\p{Script=Han}/u);
      expect(text, key).not.toBe((enUS as Record<string, string>)[key]);
    }
  });

  it('write Chinese punctuation and dates as Chinese does: full-width parentheses, no space around a date', () => {
    for (const [key, text] of Object.entries(zhTW)) {
      // Language names keep the form the operating system shows them in.
      if (key.startsWith('language.')) continue;
      expect(text, key).not.toMatch(/[()]/);
      expect(text, key).not.toMatch(
        /\{(date|until|since)\} \p{Script=Han}|\p{Script=Han} \{(date|until|since)\}/u,
      );
    }
  });

  it('use the glossary’s terms', () => {
    expect(catalogs['zh-TW']).toMatchObject({
      'nav.billing': '帳單',
      'nav.yourProducts': '您的產品',
      'details.pastDueTitle': '有逾期款項的訂閱',
      'details.settleBalance': '結算餘額',
      'settle.title': '結清未付餘額',
      'settle.save': '儲存',
      'settle.addNewCard': '新增卡片',
      'settle.changeExpiration': '變更卡片到期日',
      'settle.declinedTitle': '您的付款遭到拒絕',
      'role.global_reader': '全域讀取者',
    });
  });
});

describe('server error messages', () => {
  it('exist for every code in both languages and differ between them', () => {
    const en = serverMessages['en-US'];
    const zh = serverMessages['zh-TW'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const code of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[code], code).toMatch(/\p{Script=Han}/u);
      expect(en[code].length, code).toBeGreaterThan(10);
    }
  });
});
