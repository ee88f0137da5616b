import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { type EInvoiceTrackView, toEInvoiceTrackView } from './einvoice-track-view.js';

/**
 * Records a range of numbers the tax office allotted the seller for a two-month period (as ECPay's
 * AddInvoiceWordSetting: blocks of 50, from …00 or …50). The sandbox issuer numbers from these; an
 * overlapping range of the same track and period is refused (a number is never used twice).
 */
export async function addEInvoiceTrack(options: {
  db: Db;
  period: string;
  track: string;
  firstNumber: number;
  lastNumber: number;
}): Promise<EInvoiceTrackView> {
  const { firstNumber, lastNumber } = options;
  if (firstNumber % 50 !== 0 || (lastNumber + 1) % 50 !== 0 || lastNumber < firstNumber)
    throw new AppError('validation_failed', { field: 'lastNumber', reason: 'blocks_of_50' });
  return options.db.transaction().execute(async (tx) => {
    const overlap = await tx
      .selectFrom('einvoice_tracks')
      .select('id')
      .where('period', '=', options.period)
      .where('track', '=', options.track)
      .where('first_number', '<=', lastNumber)
      .where('last_number', '>=', firstNumber)
      .forUpdate()
      .executeTakeFirst();
    if (overlap)
      throw new AppError('validation_failed', { field: 'firstNumber', reason: 'overlaps_a_range' });
    const row = await tx
      .insertInto('einvoice_tracks')
      .values({
        id: randomUUID(),
        period: options.period,
        track: options.track,
        first_number: firstNumber,
        last_number: lastNumber,
        next_number: firstNumber,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEInvoiceTrackView(row);
  });
}
