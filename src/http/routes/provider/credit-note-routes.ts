import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { amountMinorSchema, idSchema, plainTextSchema } from '../../../contract/fields.js';
import { creditNoteObjectSchema, refundReasonSchema } from '../../../contract/objects.js';
import { creditCustomerBalance } from '../../../credit-notes/credit-customer-balance.js';
import { creditInvoice } from '../../../credit-notes/credit-invoice.js';
import { listCreditNotes } from '../../../credit-notes/list-credit-notes.js';
import { renderCreditNotePdf } from '../../../credit-notes/render-credit-note-pdf.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { supportedCurrencies } from '../../../domain/money.js';
import { readCreditNoteObjects } from '../../../resources/credit-note-objects.js';
import { requireApiKey } from '../../request-context.js';
import { sendPdf } from '../send-pdf.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

/** Credit notes: one on an open invoice, the list across customers, each one and its PDF. */
export function providerCreditNoteRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/invoices/:invoiceId/credit-notes',
      {
        schema: {
          tags,
          security,
          summary: 'Credit an open invoice: it owes less (all it owes: settled), with a numbered credit note',
          description:
            'A paid invoice’s money goes back with a refund (POST /payments/{id}/refunds), whose credit note is issued when the processor gives it back.',
          headers: idempotencyHeaders,
          params: z.object({ invoiceId: idSchema }),
          body: z.object({
            amountMinor: amountMinorSchema
              .optional()
              .describe('Tax included; all the invoice still owes when absent'),
            reason: refundReasonSchema.exclude(['unrecorded_charge']),
            note: plainTextSchema(500).trim().min(1).optional(),
          }),
          response: { 201: creditNoteObjectSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const caller = requireApiKey(request);
        const { amountMinor, ...rest } = request.body;
        const note = await creditInvoice({
          db,
          invoiceId: request.params.invoiceId,
          ...rest,
          amountMinor: amountMinor === undefined ? undefined : BigInt(amountMinor),
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
        return reply.status(201).send(note);
      },
    );
    app.post(
      '/organizations/:organizationId/credit-notes',
      {
        schema: {
          tags,
          security,
          summary:
            'Credit a customer’s balance with a credit note: it pays what it owes now, then its next invoices',
          headers: idempotencyHeaders,
          params: z.object({ organizationId: idSchema }),
          body: z.object({
            amountMinor: amountMinorSchema.describe('In the customer’s currency (TWD in whole dollars)'),
            currency: z
              .enum(supportedCurrencies)
              .optional()
              .describe('When given, it must be the customer’s'),
            reason: refundReasonSchema.exclude(['unrecorded_charge']),
            note: plainTextSchema(500).trim().min(1).optional(),
          }),
          response: { 201: creditNoteObjectSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const caller = requireApiKey(request);
        const { amountMinor, ...rest } = request.body;
        const note = await creditCustomerBalance({
          db,
          organizationId: request.params.organizationId,
          ...rest,
          amountMinor: BigInt(amountMinor),
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
        return reply.status(201).send(note);
      },
    );
    app.get(
      '/credit-notes',
      {
        schema: {
          tags,
          security,
          summary: 'Credit notes, newest first',
          querystring: pageQuerySchema.extend({
            organizationId: idSchema.optional().describe('Only this customer’s'),
            subscriptionId: idSchema.optional().describe('Only this subscription’s'),
            invoiceId: idSchema.optional().describe('Only those crediting this invoice'),
          }),
          response: { 200: pageOf(creditNoteObjectSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listCreditNotes({ db, ...request.query });
      },
    );
    app.get(
      '/credit-notes/:creditNoteId',
      {
        schema: {
          tags,
          security,
          summary: 'A credit note',
          params: z.object({ creditNoteId: idSchema }),
          response: { 200: creditNoteObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const { creditNoteId } = request.params;
        const found = (await readCreditNoteObjects(db, [creditNoteId])).get(creditNoteId);
        if (!found) throw new AppError('not_found');
        return found;
      },
    );
    app.get(
      '/credit-notes/:creditNoteId/pdf',
      {
        schema: {
          tags,
          security,
          summary: 'A credit note as PDF, in its customer’s language',
          params: z.object({ creditNoteId: idSchema }),
          response: { 200: z.any().describe('application/pdf'), 404: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        return sendPdf(reply, await renderCreditNotePdf({ db, creditNoteId: request.params.creditNoteId }));
      },
    );
  };
}
