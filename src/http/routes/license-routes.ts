import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { idSchema } from '../../contract/fields.js';
import { licenseChangeSchema, licenseCountSchema } from '../../contract/subscriptions.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { changeLicenses } from '../../subscriptions/change-licenses.js';
import { previewLicenseChange } from '../../subscriptions/preview-license-change.js';
import { requireActor } from '../request-context.js';

/** A subscription's licenses: what a change would cost now and at renewal, and the change itself (charged at once). */
export function licenseRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Preview a change of license count: what is billed now (prorated) and at each renewal',
          params: z.object({ subscriptionId: idSchema }),
          querystring: z.object({ licenses: z.coerce.number().pipe(licenseCountSchema) }),
          response: { 200: licenseChangeSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) =>
        previewLicenseChange({
          db,
          by: { actor: requireActor(request) },
          subscriptionId: request.params.subscriptionId,
          licenses: request.query.licenses,
        }),
    );

    app.put(
      '/api/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Change the license count; added licenses are invoiced and charged now, prorated',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: z.object({ licenses: licenseCountSchema }),
          response: { 200: licenseChangeSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) =>
        changeLicenses({
          db,
          gateway,
          by: { actor: requireActor(request) },
          subscriptionId: request.params.subscriptionId,
          licenses: request.body.licenses,
        }),
    );
  };
}
