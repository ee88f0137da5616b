import type { Db } from '../db/connect.js';

/**
 * For processors that name their intents themselves (Stripe's pi_…, TapPay's rec_trade_id): which
 * intent stands for a Settle payment id, and whether Settle canceled that id first. The adapter
 * writes it, never Settle: it is the processor's side of the books, like the sandbox's tables.
 * A canceled key stays canceled: an intent created for it afterwards (a slow create) is never
 * confirmed, which is what makes cancelIntent an authoritative "no".
 */
export class IntentKeys {
  constructor(
    private readonly db: Db,
    private readonly processor: 'stripe' | 'tappay',
  ) {}

  async find(
    idempotencyKey: string,
  ): Promise<{ intentId: string | null; canceled: boolean; offSession: boolean } | null> {
    const row = await this.db
      .selectFrom('processor_intents')
      .select(['intent_id', 'canceled_at', 'off_session'])
      .where('processor', '=', this.processor)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row
      ? { intentId: row.intent_id, canceled: row.canceled_at !== null, offSession: row.off_session }
      : null;
  }

  /** Keeps the processor's intent id for a key; says whether the key was canceled meanwhile. */
  async remember(
    idempotencyKey: string,
    intentId: string,
    offSession: boolean,
  ): Promise<{ canceled: boolean }> {
    const row = await this.db
      .insertInto('processor_intents')
      .values({
        processor: this.processor,
        idempotency_key: idempotencyKey,
        intent_id: intentId,
        off_session: offSession,
      })
      .onConflict((oc) =>
        oc.columns(['processor', 'idempotency_key']).doUpdateSet((eb) => ({
          intent_id: eb.fn.coalesce('processor_intents.intent_id', eb.val(intentId)),
        })),
      )
      .returning('canceled_at')
      .executeTakeFirstOrThrow();
    return { canceled: row.canceled_at !== null };
  }

  /** Marks a key canceled (created or not) and returns the intent it stands for, if one is known. */
  async cancel(idempotencyKey: string): Promise<{ intentId: string | null }> {
    const row = await this.db
      .insertInto('processor_intents')
      .values({ processor: this.processor, idempotency_key: idempotencyKey, canceled_at: new Date() })
      .onConflict((oc) =>
        oc.columns(['processor', 'idempotency_key']).doUpdateSet((eb) => ({
          canceled_at: eb.fn.coalesce('processor_intents.canceled_at', eb.val(new Date())),
        })),
      )
      .returning('intent_id')
      .executeTakeFirstOrThrow();
    return { intentId: row.intent_id };
  }

  /** The processor's customer for an organization, made once by `create` when there is none. */
  async customerFor(organizationId: string, create: () => Promise<string>): Promise<string> {
    const known = await this.db
      .selectFrom('processor_customers')
      .select('customer_id')
      .where('processor', '=', this.processor)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (known) return known.customer_id;
    const customerId = await create();
    // Two first cards at once: the first customer kept wins, and both use it from then on.
    await this.db
      .insertInto('processor_customers')
      .values({ processor: this.processor, organization_id: organizationId, customer_id: customerId })
      .onConflict((oc) => oc.columns(['processor', 'organization_id']).doNothing())
      .execute();
    const kept = await this.db
      .selectFrom('processor_customers')
      .select('customer_id')
      .where('processor', '=', this.processor)
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return kept.customer_id;
  }
}
