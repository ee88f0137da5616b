import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserTokenPurpose } from '../db/schema.js';

const lifetimeMs: Record<UserTokenPurpose, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

export function hashUserToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A one-time link's token: 32 random bytes, returned to be sent and never stored (its hash is).
 * Issuing one ends any earlier unused one of the same purpose.
 */
export async function issueUserToken(
  tx: Kysely<Database>,
  options: { userId: string; purpose: UserTokenPurpose; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(options.now.getTime() + lifetimeMs[options.purpose]);
  await tx
    .updateTable('user_tokens')
    .set({ used_at: options.now })
    .where('user_id', '=', options.userId)
    .where('purpose', '=', options.purpose)
    .where('used_at', 'is', null)
    .execute();
  await tx
    .insertInto('user_tokens')
    .values({
      token_hash: hashUserToken(token),
      user_id: options.userId,
      purpose: options.purpose,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}
