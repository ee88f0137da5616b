import type { Kysely } from 'kysely';
import { passkeyCountOfUser } from '../auth/passkey-count-sql.js';
import type { Database } from '../db/schema.js';

/** With the last second factor gone, its recovery codes go too: they would be a way in to nothing. */
export async function forgetRecoveryCodesIfNoFactor(tx: Kysely<Database>, userId: string): Promise<void> {
  const row = await tx
    .selectFrom('users')
    .select(['totp_secret_sealed', passkeyCountOfUser().as('passkeys')])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (row.totp_secret_sealed === null && Number(row.passkeys) === 0)
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
