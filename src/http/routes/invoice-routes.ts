import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listInvoices } from '../../billing/list-invoices.js';
import { errorSchema } from '../../contract/api.js';
import { calendarDateSchema, idSchema } from '../../contract/fields.js';
import { invoiceSchema } from '../../contract/invoices.js';
import type { Db } from '../../db/connect.js';
import { renderInvoicePdf } from '../../invoices/render-invoice-pdf.js';
import { nextPageLink } from '../next-page-link.js';
import { requestLocale, requireActor } from '../request-context.js';
import { sendPdf } from './send-pdf.js';

export function invoiceRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/invoices',
      {
        schema: {
          tags: ['bills & payments'],
          querystring: z.object({
            from: calendarDateSchema.optional(),
            to: calendarDateSchema.optional(),
            status: z.enum(['open', 'paid', 'void']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            after: z.string().max(400).optional().describe('the cursor from the previous page’s Link header'),
          }),
          response: {
            200: z
              .array(invoiceSchema)
              .describe('Newest first; a Link header (rel="next") names the next page'),
            400: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const page = await listInvoices({
          db,
          actor: requireActor(request),
          locale: requestLocale(request),
          ...request.query,
        });
        if (page.nextCursor) reply.header('link', nextPageLink(request.url, page.nextCursor));
        return page.items;
      },
    );

    app.get(
      '/api/invoices/:invoiceId/pdf',
      {
        schema: {
          tags: ['bills & payments'],
          summary: 'Download an invoice as PDF, in the organization’s language',
          params: z.object({ invoiceId: idSchema }),
          response: { 200: z.any().describe('application/pdf'), 404: errorSchema },
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await renderInvoicePdf({ db, actor: requireActor(request), invoiceId: request.params.invoiceId }),
        ),
    );
  };
}
