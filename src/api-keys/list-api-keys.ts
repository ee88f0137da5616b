import type { Db } from '../db/connect.js';
import type { ApiKeyScope } from '../db/schema.js';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every key ever made, newest first, revoked ones too (they explain old audit entries). */
export async function listApiKeys(options: { db: Db }): Promise<ApiKeyView[]> {
  const rows = await options.db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}
