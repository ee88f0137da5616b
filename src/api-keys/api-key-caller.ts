import type { ApiKeyScope } from '../db/schema.js';

/** The provider's system calling the provider API with one of its keys. */
export interface ApiKeyCaller {
  id: string;
  name: string;
  scope: ApiKeyScope;
}
