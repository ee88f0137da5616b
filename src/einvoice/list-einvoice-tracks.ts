import type { Db } from '../db/connect.js';
import { type EInvoiceTrackView, toEInvoiceTrackView } from './einvoice-track-view.js';

/** The seller's ranges, newest period first. */
export async function listEInvoiceTracks(options: { db: Db }): Promise<EInvoiceTrackView[]> {
  const rows = await options.db
    .selectFrom('einvoice_tracks')
    .selectAll()
    .orderBy('period', 'desc')
    .orderBy('track')
    .orderBy('first_number')
    .execute();
  return rows.map(toEInvoiceTrackView);
}
