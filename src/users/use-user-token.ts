import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password.js';
import { passwordProblem } from '../auth/password-policy.js';
import type { Database, UserTokenPurpose } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { hashUserToken } from './issue-user-token.js';

/**
 * Spends a one-time link on choosing a password: the token must be unused, unexpired and for this
 * purpose, and the password good enough. Marked used in the same transaction, so a link works once.
 */
export async function chooseWithUserToken(
  tx: Kysely<Database>,
  options: { token: string; purpose: UserTokenPurpose; password: string; now: Date },
): Promise<{ userId: string; organizationId: string }> {
  const row = await tx
    .selectFrom('user_tokens')
    .innerJoin('users', 'users.id', 'user_tokens.user_id')
    .select(['users.id', 'users.organization_id', 'users.email'])
    .where('user_tokens.token_hash', '=', hashUserToken(options.token))
    .where('user_tokens.purpose', '=', options.purpose)
    .where('user_tokens.used_at', 'is', null)
    .where('user_tokens.expires_at', '>', options.now)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('link_invalid');
  const problem = passwordProblem(options.password, { email: row.email });
  if (problem) throw new AppError('password_too_weak', { field: 'password', reason: problem });
  await tx
    .updateTable('user_tokens')
    .set({ used_at: options.now })
    .where('token_hash', '=', hashUserToken(options.token))
    .execute();
  await tx
    .updateTable('users')
    .set({ password_hash: await hashPassword(options.password) })
    .where('id', '=', row.id)
    .execute();
  return { userId: row.id, organizationId: row.organization_id };
}
