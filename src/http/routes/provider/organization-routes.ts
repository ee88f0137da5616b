import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import { creditBalanceObjectSchema } from '../../../contract/objects.js';
import {
  newOrganizationSchema,
  organizationChangesSchema,
  organizationSchema,
} from '../../../contract/organizations.js';
import type { Db } from '../../../db/connect.js';
import { readCreditBalanceObject } from '../../../ledger/credit-balance-object.js';
import { createOrganization } from '../../../organizations/create-organization.js';
import { getOrganization } from '../../../organizations/get-organization.js';
import { listOrganizations } from '../../../organizations/list-organizations.js';
import { setOrganizationArchived } from '../../../organizations/set-organization-archived.js';
import { updateOrganization } from '../../../organizations/update-organization.js';
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
          querystring: pageQuerySchema.extend({
            archived: z
              .enum(['true', 'false'])
              .transform((value) => value === 'true')
              .optional()
              .describe('Only the archived, or only the others; both when absent'),
          }),
          response: { 200: pageOf(organizationSchema), 401: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listOrganizations({ db, ...request.query });
      },
    );

    app.get(
      '/organizations/:organizationId/credit-balance',
      {
        schema: {
          tags,
          security,
          summary: 'Its credit balance: kept for its next invoices, applied before any card is charged',
          description:
            'Money paid beyond what invoices owed and credit notes to the balance; credit_balance.changed is sent at each change.',
          params: z.object({ organizationId: idSchema }),
          response: { 200: creditBalanceObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return readCreditBalanceObject(db, request.params.organizationId);
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

    app.patch(
      '/organizations/:organizationId',
      {
        schema: {
          tags,
          security,
          summary:
            'Update a customer: name, address, tax ID, language, tax rate, how it pays (from what is issued next)',
          headers: idempotencyHeaders,
          params: z.object({ organizationId: idSchema }),
          body: organizationChangesSchema,
          response: { 200: organizationSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) =>
        updateOrganization({
          db,
          caller: requireApiKey(request),
          organizationId: request.params.organizationId,
          changes: request.body,
        }),
    );

    for (const [action, archived] of [
      ['archive', true],
      ['restore', false],
    ] as const)
      app.post(
        `/organizations/:organizationId/${action}`,
        {
          schema: {
            tags,
            security,
            summary: archived
              ? 'Archive a customer: no new subscriptions or invitations, never deleted (cancel its renewing subscriptions first)'
              : 'Restore an archived customer',
            headers: idempotencyHeaders,
            params: z.object({ organizationId: idSchema }),
            response: { 200: organizationSchema, 404: errorSchema, 409: errorSchema },
          },
        },
        async (request) =>
          setOrganizationArchived({
            db,
            caller: requireApiKey(request),
            organizationId: request.params.organizationId,
            archived,
          }),
      );
  };
}
