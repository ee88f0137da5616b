import { type RawBuilder, sql } from 'kysely';

/** How many passkeys the user row in the query (from `users`) has: one subquery every reader shares. */
export function passkeyCountOfUser(): RawBuilder<string> {
  return sql<string>`(select count(*) from passkeys p where p.user_id = users.id)`;
}
