import { type Kysely, sql } from 'kysely';
import { hashRecoveryCode, newRecoveryCodes } from '../auth/totp.js';
import type { Database } from '../db/schema.js';

/**
 * A user's first second factor comes with ten recovery codes (for the day the phone or key is lost);
 * a further factor keeps the codes they have. Returns the new codes, to be shown once, or null.
 */
export async function issueRecoveryCodesIfNone(
  tx: Kysely<Database>,
  userId: string,
): Promise<string[] | null> {
  const row = await tx
    .selectFrom('recovery_codes')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(row.n) > 0) return null;
  const codes = newRecoveryCodes();
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code) })))
    .execute();
  return codes;
}
