import { type RawBuilder, sql } from 'kysely';
import type { Locale } from '../db/schema.js';

/** A product's name in a language (a literal, or a column such as organizations.locale), else its en-US name. */
export function productNameIn(locale: Locale | RawBuilder<Locale>): RawBuilder<string> {
  return sql<string>`coalesce(case when ${locale} = 'zh-TW' then products.name_zh_tw end, products.name)`;
}
