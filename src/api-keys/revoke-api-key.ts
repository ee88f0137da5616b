import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

/** Stops a key at once, named by its id or its prefix; revoking twice is not an error. */
export async function revokeApiKey(options: {
  db: Db;
  idOrPrefix: string;
  now?: Date;
}): Promise<{ name: string }> {
  const key = await options.db
    .selectFrom('api_keys')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('id', '=', options.idOrPrefix), eb('prefix', '=', options.idOrPrefix)]))
    .executeTakeFirst();
  if (!key) throw new AppError('not_found');
  await options.db
    .updateTable('api_keys')
    .set({ revoked_at: options.now ?? new Date() })
    .where('id', '=', key.id)
    .where('revoked_at', 'is', null)
    .execute();
  return { name: key.name };
}
