import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import { dunningPolicySchema, sellerProfileSchema } from '../../../contract/organizations.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { readDunningPolicy } from '../../../dunning/read-dunning-policy.js';
import { setDunningPolicy } from '../../../dunning/set-dunning-policy.js';
import { readSellerProfile } from '../../../seller/seller-profile.js';
import { setSellerProfile } from '../../../seller/set-seller-profile.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

export function sellerRoutes(db: Db, options: { einvoiceIssuerConfigured: boolean }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/seller-profile',
      {
        schema: {
          tags,
          security,
          summary: 'Who sells: printed on every invoice issued from now on',
          response: { 200: sellerProfileSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const profile = await readSellerProfile(db);
        if (!profile) throw new AppError('not_found');
        return profile;
      },
    );

    app.put(
      '/seller-profile',
      {
        schema: {
          tags,
          security,
          summary:
            'Set your legal name, address, tax ID, support contact, bank and e-invoices; issued invoices keep theirs',
          headers: idempotencyHeaders,
          body: sellerProfileSchema,
          response: { 200: sellerProfileSchema, 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return setSellerProfile({ db, profile: request.body, ...options });
      },
    );
    app.get(
      '/dunning-policy',
      {
        schema: {
          tags,
          security,
          summary:
            'Your dunning policy: what happens to a customer’s subscription once a payment is past due',
          description:
            'For every customer without its own (PATCH /organizations/{id} with dunningPolicy). Settle’s default until you set one.',
          response: { 200: dunningPolicySchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return readDunningPolicy(db);
      },
    );
    app.put(
      '/dunning-policy',
      {
        schema: {
          tags,
          security,
          summary: 'Set your dunning policy: the retry days, the grace period before Disabled, and the end',
          description:
            'Applies from the next dunning pass, to subscriptions already past due too (their days past due count from when they became so). A customer’s own policy stays its own.',
          headers: idempotencyHeaders,
          body: dunningPolicySchema,
          response: { 200: dunningPolicySchema, 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return setDunningPolicy({ db, policy: request.body });
      },
    );
  };
}
