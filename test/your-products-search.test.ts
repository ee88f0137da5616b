import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { premium, setupTestApp, subscriptionByProduct } from './harness.js';

const t = setupTestApp();

describe('searching Your products', () => {
  it('searches the whole organization on the server, not only the page loaded, in any case', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const template = await t.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', (await subscriptionByProduct(kevin, premium)).id)
      .executeTakeFirstOrThrow();
    // Sixty older Premium subscriptions fill the first page (50) and more: Teams Phone is not on it.
    await t.db
      .insertInto('subscriptions')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          id: randomUUID(),
          organization_id: template.organization_id,
          product_id: template.product_id,
          price_id: template.price_id,
          licenses: 1,
          billing_frequency: template.billing_frequency,
          status: 'active' as const,
          recurring_billing: true,
          current_period_start: template.current_period_start,
          billing_anchor_day: template.billing_anchor_day,
          current_period_end: template.current_period_end,
          payment_method_id: null,
          past_due_since: null,
          created_at: new Date(Date.UTC(2020, 0, 1, 0, i)),
        })),
      )
      .execute();
    const firstPage = (await kevin.get('/api/subscriptions?limit=50')).body;
    expect(firstPage.items.map((item: { productName: string }) => item.productName)).not.toContain(
      'Contoso Teams Phone',
    );

    const found = (await kevin.get('/api/subscriptions?limit=50&q=teams%20PHONE')).body;
    expect(found.items.map((item: { productName: string }) => item.productName)).toEqual([
      'Contoso Teams Phone',
    ]);
    expect(found.nextCursor).toBeNull();
    // % and _ are searched for as themselves, not as wildcards.
    expect((await kevin.get('/api/subscriptions?q=%25')).body.items).toEqual([]);
    expect((await kevin.get('/api/subscriptions?q=_')).body.items).toEqual([]);
    // Another organization's subscriptions never appear, whatever is searched.
    const alex = await t.signIn('alex@fabrikam.com');
    const theirs = (await alex.get('/api/subscriptions?q=contoso')).body.items as { id: string }[];
    const ours = new Set(
      (await kevin.get('/api/subscriptions?q=contoso&limit=200')).body.items.map((i: { id: string }) => i.id),
    );
    expect(theirs.some((item) => ours.has(item.id))).toBe(false);
  });

  it('refuses a search longer than 100 characters with a localized message, and changes nothing', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const refused = await kevin.get(`/api/subscriptions?q=${'x'.repeat(101)}`, {
      'accept-language': 'zh-TW',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed' });
    expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
