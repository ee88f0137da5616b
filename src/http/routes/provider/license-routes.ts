import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import {
  licenseChangeSchema,
  licenseCountSchema,
  providerSubscriptionSchema,
} from '../../../contract/subscriptions.js';
import type { Db } from '../../../db/connect.js';
import type { PaymentGateway } from '../../../gateway/payment-gateway.js';
import { changeLicenses } from '../../../subscriptions/change-licenses.js';
import { previewLicenseChange } from '../../../subscriptions/preview-license-change.js';
import { readProviderSubscription } from '../../../subscriptions/provider-subscription-view.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];
const params = z.object({ subscriptionId: idSchema });
const rule =
  'Added licenses are invoiced now for the days left (charged to its card, or due in the customer’s days when it pays by invoice); removed ones are billed no more from the next renewal. The same rules as its admins’ changes.';

/** A subscription's license count changed by the seller: previewed, then made, by the same computation. */
export function providerLicenseRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/subscriptions/:subscriptionId/licenses/preview',
      {
        schema: {
          tags,
          security,
          summary: 'What changing its license count would bill now and at each renewal (nothing saved)',
          description: rule,
          params,
          querystring: z.object({ licenses: z.coerce.number().pipe(licenseCountSchema) }),
          response: { 200: licenseChangeSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const caller = requireApiKey(request);
        return previewLicenseChange({
          db,
          by: { apiKeyName: caller.name },
          subscriptionId: request.params.subscriptionId,
          licenses: request.query.licenses,
        });
      },
    );
    app.post(
      '/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags,
          security,
          summary: 'Change its license count',
          description: rule,
          headers: idempotencyHeaders,
          params,
          body: z.object({ licenses: licenseCountSchema }),
          response: { 200: providerSubscriptionSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const caller = requireApiKey(request);
        await changeLicenses({
          db,
          gateway,
          by: { apiKeyName: caller.name },
          subscriptionId: request.params.subscriptionId,
          licenses: request.body.licenses,
          idempotency: request.idempotency,
        });
        return readProviderSubscription(db, request.params.subscriptionId);
      },
    );
  };
}
