import type { Db } from '../db/connect.js';
import { hashSessionToken } from './session-token.js';

export async function signOut(options: { db: Db; token: string }): Promise<void> {
  await options.db.deleteFrom('sessions').where('token_hash', '=', hashSessionToken(options.token)).execute();
}
