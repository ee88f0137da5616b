import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import type { Actor } from './actor.js';

export async function setUserLocale(options: { db: Db; actor: Actor; locale: Locale }): Promise<void> {
  await options.db
    .updateTable('users')
    .set({ locale: options.locale })
    .where('id', '=', options.actor.userId)
    .where('organization_id', '=', options.actor.organizationId)
    .execute();
}
