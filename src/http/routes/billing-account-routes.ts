import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { addressSchema, plainTextSchema } from '../../contract/fields.js';
import { einvoiceBuyerChoiceSchema, einvoiceBuyerSchema } from '../../contract/objects.js';
import { organizationSchema } from '../../contract/organizations.js';
import type { Db } from '../../db/connect.js';
import type { EInvoiceIssuer } from '../../einvoice/einvoice-issuer.js';
import { getEInvoiceChoice } from '../../einvoice/get-einvoice-choice.js';
import { setEInvoiceBuyer } from '../../einvoice/set-einvoice-buyer.js';
import { getBillingAccount } from '../../organizations/get-billing-account.js';
import { updateBillingAccount } from '../../organizations/update-billing-account.js';
import { requireActor } from '../request-context.js';

export function billingAccountRoutes(db: Db, einvoiceIssuer: EInvoiceIssuer | null): FastifyPluginAsyncZod {
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

    app.get(
      '/api/billing/account/einvoice',
      {
        schema: {
          tags: ['billing account'],
          summary: 'Whether you get e-invoices (電子發票), what you chose, and where the next one goes',
          response: {
            200: z.object({
              available: z.boolean().describe('The seller issues them and you pay in NT$'),
              choice: einvoiceBuyerChoiceSchema.nullable(),
              buyer: einvoiceBuyerSchema.describe('Where the next e-invoice goes'),
            }),
            403: errorSchema,
          },
        },
      },
      async (request) =>
        getEInvoiceChoice({ db, actor: requireActor(request), issuerConfigured: einvoiceIssuer !== null }),
    );
    app.put(
      '/api/billing/account/einvoice',
      {
        schema: {
          tags: ['billing account'],
          summary:
            'Choose where your e-invoices (電子發票) go: your 統一編號, a carrier, a donation code or print',
          headers: idempotencyHeaders,
          body: z.object({ einvoiceBuyer: einvoiceBuyerChoiceSchema.nullable() }),
          response: { 200: organizationSchema, 400: errorSchema, 403: errorSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return setEInvoiceBuyer({
          db,
          issuer: einvoiceIssuer,
          organizationId: actor.organizationId,
          choice: request.body.einvoiceBuyer,
          by: { actor },
        });
      },
    );
  };
}
