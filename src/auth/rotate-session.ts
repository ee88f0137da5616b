import type { Db } from '../db/connect.js';
import type { MfaState } from '../domain/sessions.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

/**
 * A new token for the same session when it gains rights (a second factor completed): a token seen
 * before the change (planted, or read over someone's shoulder) stops working. Null if it was not in
 * the expected state any more (the other of two racing requests won).
 */
export async function rotateSession(options: {
  db: Db;
  token: string;
  from: MfaState;
  to: MfaState;
  now?: Date;
}): Promise<string | null> {
  const now = options.now ?? new Date();
  const { token, tokenHash } = newSessionToken();
  const updated = await options.db
    .updateTable('sessions')
    .set({ token_hash: tokenHash, mfa_state: options.to, authenticated_at: now, last_seen_at: now })
    .where('token_hash', '=', hashSessionToken(options.token))
    .where('mfa_state', '=', options.from)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n ? token : null;
}
