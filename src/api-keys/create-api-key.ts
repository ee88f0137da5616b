import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { ApiKeyScope } from '../db/schema.js';
import { newApiKeySecret } from './api-key-secret.js';

/** A new key for the provider API. The secret is returned this once; only its hash is kept. */
export async function createApiKey(options: {
  db: Db;
  name: string;
  scope: ApiKeyScope;
}): Promise<{ id: string; name: string; prefix: string; scope: ApiKeyScope; secret: string }> {
  const { secret, prefix, secretHash } = newApiKeySecret();
  const id = randomUUID();
  await options.db
    .insertInto('api_keys')
    .values({ id, name: options.name, prefix, secret_hash: secretHash, scope: options.scope })
    .execute();
  return { id, name: options.name, prefix, scope: options.scope, secret };
}
