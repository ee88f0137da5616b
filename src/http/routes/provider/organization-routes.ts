import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import { newOrganizationSchema, organizationSchema } from '../../../contract/organizations.js';
import type { Db } from '../../../db/connect.js';
import { createOrganization } from '../../../organizations/create-organization.js';
import { getOrganization } from '../../../organizations/get-organization.js';
import { listOrganizations } from '../../../organizations/list-organizations.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

export function organizationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/organizations',
      {
        schema: {
          tags,
          security,
          summary: 'Your customers, newest first',
          querystring: pageQuerySchema,
          response: { 200: pageOf(organizationSchema), 401: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listOrganizations({ db, ...request.query });
      },
    );

    app.get(
      '/organizations/:organizationId',
      {
        schema: {
          tags,
          security,
          params: z.object({ organizationId: idSchema }),
          response: { 200: organizationSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return getOrganization({ db, organizationId: request.params.organizationId });
      },
    );

    app.post(
      '/organizations',
      {
        schema: {
          tags,
          security,
          summary: 'Add a customer: legal name, address, country, currency, language, tax, how it pays',
          headers: idempotencyHeaders,
          body: newOrganizationSchema,
          response: { 201: organizationSchema, 400: errorSchema, 403: errorSchema },
        },
      },
      async (request, reply) => {
        const organization = await createOrganization({
          db,
          caller: requireApiKey(request),
          organization: request.body,
          idempotency: request.idempotency,
        });
        return reply.status(201).send(organization);
      },
    );
  };
}
