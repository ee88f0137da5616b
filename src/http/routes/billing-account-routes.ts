import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { addressSchema, plainTextSchema } from '../../contract/fields.js';
import { organizationSchema } from '../../contract/organizations.js';
import type { Db } from '../../db/connect.js';
import { getBillingAccount } from '../../organizations/get-billing-account.js';
import { updateBillingAccount } from '../../organizations/update-billing-account.js';
import { requireActor } from '../request-context.js';

export function billingAccountRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/billing/account',
      {
        schema: {
          tags: ['billing account'],
          summary: 'Your organization’s billing account: legal name, address, tax ID, how it pays',
          response: { 200: organizationSchema, 403: errorSchema },
        },
      },
      async (request) => getBillingAccount({ db, actor: requireActor(request) }),
    );

    app.put(
      '/api/billing/account',
      {
        schema: {
          tags: ['billing account'],
          summary: 'Change the billing address and tax ID printed on invoices from now on',
          headers: idempotencyHeaders,
          body: z.object({
            billingAddress: addressSchema.nullable(),
            taxId: plainTextSchema(32).min(1).nullable(),
          }),
          response: { 200: organizationSchema, 400: errorSchema, 403: errorSchema },
        },
      },
      async (request) => updateBillingAccount({ db, actor: requireActor(request), ...request.body }),
    );
  };
}
