import type { BankTransferObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { readBankTransferObjects } from '../resources/bank-transfer-objects.js';

/** Bank transfers across customers for the provider, newest first, a page at a time. */
export async function listBankTransfers(options: {
  db: Db;
  organizationId?: string | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: BankTransferObject[]; nextCursor: string | null }> {
  let query = options.db.selectFrom('bank_transfers').select('id');
  if (options.organizationId) query = query.where('organization_id', '=', options.organizationId);
  const page = await newestFirstPage(query, options);
  const objects = await readBankTransferObjects(
    options.db,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.flatMap((row) => objects.get(row.id) ?? []), nextCursor: page.nextCursor };
}
