import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import { sellerProfileSchema } from '../../../contract/organizations.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { readSellerProfile } from '../../../seller/seller-profile.js';
import { setSellerProfile } from '../../../seller/set-seller-profile.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

export function sellerRoutes(db: Db): FastifyPluginAsyncZod {
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
          summary: 'Set your legal name, address, tax ID and support contact; issued invoices keep theirs',
          headers: idempotencyHeaders,
          body: sellerProfileSchema,
          response: { 200: sellerProfileSchema, 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return setSellerProfile({ db, profile: request.body });
      },
    );
  };
}
