import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { ApiKeyCaller } from './api-key-caller.js';
import { hashApiKeySecret, prefixOf } from './api-key-secret.js';

const lastUsedResolutionMs = 60 * 1000;

/** The key a bearer secret belongs to, or null (unknown, revoked, or not a key at all). */
export async function authenticateApiKey(options: {
  db: Db;
  secret: string;
  now?: Date;
}): Promise<ApiKeyCaller | null> {
  if (!/^sk_[A-Za-z0-9_-]{43}$/.test(options.secret)) return null;
  const now = options.now ?? new Date();
  const key = await options.db
    .selectFrom('api_keys')
    .select(['id', 'name', 'scope', 'secret_hash', 'last_used_at'])
    .where('prefix', '=', prefixOf(options.secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!key) return null;
  const expected = Buffer.from(key.secret_hash, 'hex');
  if (!timingSafeEqual(Buffer.from(hashApiKeySecret(options.secret), 'hex'), expected)) return null;
  if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() >= lastUsedResolutionMs)
    await options.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', key.id).execute();
  return { id: key.id, name: key.name, scope: key.scope };
}
