import type { Db } from '../db/connect.js';
import { type PriceSwitch, quoteSwitch } from './price-switch-quote.js';

/** What switching a subscription's price would do, now or at its period's end, without doing it. */
export async function previewPriceSwitch(options: {
  db: Db;
  subscriptionId: string;
  priceId: string;
  when: 'now' | 'period_end';
  now?: Date;
}): Promise<PriceSwitch> {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  return (await quoteSwitch(options.db, { ...options, today, lock: false })).change;
}
