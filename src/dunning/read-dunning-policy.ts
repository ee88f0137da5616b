import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type DunningPolicy, defaultDunningPolicy } from '../domain/dunning.js';

/** The seller's dunning policy: the one it set, else Settle's default. */
export async function readDunningPolicy(db: Kysely<Database>): Promise<DunningPolicy> {
  const row = await db.selectFrom('dunning_policy').select('policy').where('id', '=', 1).executeTakeFirst();
  return row?.policy ?? defaultDunningPolicy;
}
