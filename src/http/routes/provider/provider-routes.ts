import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/connect.js';
import type { EInvoiceIssuer } from '../../../einvoice/einvoice-issuer.js';
import type { PaymentGateway } from '../../../gateway/payment-gateway.js';
import type { Mailer } from '../../../notifications/send-account-link.js';
import type { SecretKey } from '../../../secrets/seal.js';
import { bankTransferRoutes } from './bank-transfer-routes.js';
import { providerCreditNoteRoutes } from './credit-note-routes.js';
import { einvoiceRoutes } from './einvoice-routes.js';
import { eventRoutes } from './event-routes.js';
import { invitationRoutes } from './invitation-routes.js';
import { providerLicenseRoutes } from './license-routes.js';
import { moneyRoutes } from './money-routes.js';
import { organizationRoutes } from './organization-routes.js';
import { priceSwitchRoutes } from './price-switch-routes.js';
import { productRoutes } from './product-routes.js';
import { refundRoutes } from './refund-routes.js';
import { sellerRoutes } from './seller-routes.js';
import { providerSubscriptionRoutes } from './subscription-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/** The provider API: versioned, bearer API keys only, every call audited (src/http/provider-auth.ts). */
export function providerRoutes(
  db: Db,
  options: {
    gateway: PaymentGateway;
    einvoiceIssuer: EInvoiceIssuer | null;
    mailer: Mailer | null;
    publicUrl: string | undefined;
    secretKey: SecretKey | null;
    webhookAllowedRanges: readonly string[];
  },
): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(providerSubscriptionRoutes(db, options.gateway), { prefix: '/api/provider/v1' });
    await app.register(invitationRoutes(db, options), { prefix: '/api/provider/v1' });
    await app.register(organizationRoutes(db), { prefix: '/api/provider/v1' });
    await app.register(productRoutes(db), { prefix: '/api/provider/v1' });
    await app.register(sellerRoutes(db, { einvoiceIssuerConfigured: options.einvoiceIssuer !== null }), {
      prefix: '/api/provider/v1',
    });
    await app.register(einvoiceRoutes(db, options.einvoiceIssuer), { prefix: '/api/provider/v1' });
    await app.register(eventRoutes(db), { prefix: '/api/provider/v1' });
    await app.register(moneyRoutes(db), { prefix: '/api/provider/v1' });
    await app.register(refundRoutes(db, options.gateway), { prefix: '/api/provider/v1' });
    await app.register(providerCreditNoteRoutes(db), { prefix: '/api/provider/v1' });
    await app.register(bankTransferRoutes(db), { prefix: '/api/provider/v1' });
    await app.register(priceSwitchRoutes(db, options.gateway), { prefix: '/api/provider/v1' });
    await app.register(providerLicenseRoutes(db, options.gateway), { prefix: '/api/provider/v1' });
    await app.register(
      webhookRoutes(db, { secretKey: options.secretKey, allowedRanges: options.webhookAllowedRanges }),
      { prefix: '/api/provider/v1' },
    );
  };
}
