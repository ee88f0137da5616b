import type { Db } from '../db/connect.js';
import type { ApiKeyCaller } from './api-key-caller.js';

/** Every provider API call, with the key's name: who did what, even after the key is revoked. */
export async function recordProviderCall(options: {
  db: Db;
  caller: ApiKeyCaller;
  method: string;
  /** The path called, without its query string. */
  path: string;
  status: number;
  organizationId: string | null;
}): Promise<void> {
  await options.db
    .insertInto('provider_audit_log')
    .values({
      api_key_id: options.caller.id,
      key_name: options.caller.name,
      method: options.method,
      path: options.path,
      status: options.status,
      organization_id: options.organizationId,
    })
    .execute();
}
