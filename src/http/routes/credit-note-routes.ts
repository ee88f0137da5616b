import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../contract/api.js';
import { idSchema } from '../../contract/fields.js';
import { creditNoteObjectSchema } from '../../contract/objects.js';
import { listCreditNotes } from '../../credit-notes/list-credit-notes.js';
import { renderCreditNotePdf } from '../../credit-notes/render-credit-note-pdf.js';
import type { Db } from '../../db/connect.js';
import { nextPageLink } from '../next-page-link.js';
import { requireActor } from '../request-context.js';
import { sendPdf } from './send-pdf.js';

/** The organization's credit notes in Bills & payments: listed, and each as a PDF. */
export function creditNoteRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/credit-notes',
      {
        schema: {
          tags: ['bills & payments'],
          summary: 'Your organization’s credit notes (refunds and credits on invoices), newest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            after: z.string().max(400).optional().describe('the cursor from the previous page’s Link header'),
          }),
          response: {
            200: z
              .array(creditNoteObjectSchema)
              .describe('Newest first; a Link header (rel="next") names the next page'),
            400: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const page = await listCreditNotes({ db, actor: requireActor(request), ...request.query });
        if (page.nextCursor) reply.header('link', nextPageLink(request.url, page.nextCursor));
        return page.items;
      },
    );

    app.get(
      '/api/credit-notes/:creditNoteId/pdf',
      {
        schema: {
          tags: ['bills & payments'],
          summary: 'Download a credit note as PDF, in the organization’s language',
          params: z.object({ creditNoteId: idSchema }),
          response: { 200: z.any().describe('application/pdf'), 404: errorSchema },
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await renderCreditNotePdf({
            db,
            actor: requireActor(request),
            creditNoteId: request.params.creditNoteId,
          }),
        ),
    );
  };
}
