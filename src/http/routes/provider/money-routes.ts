import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listProviderInvoices } from '../../../billing/list-provider-invoices.js';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import {
  amountMinorSchema,
  calendarDateSchema,
  idSchema,
  plainTextSchema,
} from '../../../contract/fields.js';
import { invoiceObjectSchema, paymentObjectSchema } from '../../../contract/objects.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { supportedCurrencies } from '../../../domain/money.js';
import { renderInvoicePdf } from '../../../invoices/render-invoice-pdf.js';
import { voidInvoice } from '../../../invoices/void-invoice.js';
import { listProviderPayments } from '../../../payments/list-provider-payments.js';
import { recordOfflinePayment } from '../../../payments/record-offline-payment.js';
import { readInvoiceObjects } from '../../../resources/invoice-objects.js';
import { readPaymentObjects } from '../../../resources/payment-objects.js';
import { requireApiKey } from '../../request-context.js';
import { sendPdf } from '../send-pdf.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];
const filters = {
  organizationId: idSchema.optional().describe('Only this customer’s'),
  subscriptionId: idSchema.optional().describe('Only this subscription’s'),
};

/** Invoices and payments across customers: the objects their events carry. */
export function moneyRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/invoices',
      {
        schema: {
          tags,
          security,
          summary: 'Invoices, newest first (by issue day, then number)',
          querystring: pageQuerySchema.extend({
            ...filters,
            status: z.enum(['open', 'paid', 'void']).optional(),
          }),
          response: { 200: pageOf(invoiceObjectSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listProviderInvoices({ db, ...request.query });
      },
    );
    app.get(
      '/invoices/:invoiceId',
      {
        schema: {
          tags,
          security,
          summary: 'An invoice',
          params: z.object({ invoiceId: idSchema }),
          response: { 200: invoiceObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const found = (await readInvoiceObjects(db, [request.params.invoiceId])).get(
          request.params.invoiceId,
        );
        if (!found) throw new AppError('not_found');
        return found;
      },
    );
    app.post(
      '/invoices/:invoiceId/void',
      {
        schema: {
          tags,
          security,
          summary:
            'Void an open invoice: it keeps its number, is no longer owed, and its issue is reversed in the ledger',
          headers: idempotencyHeaders,
          params: z.object({ invoiceId: idSchema }),
          body: z.object({
            reason: plainTextSchema(500)
              .trim()
              .min(1)
              .describe('Why, as the customer’s admins and the audit log show it'),
          }),
          response: { 200: invoiceObjectSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const caller = requireApiKey(request);
        return voidInvoice({
          db,
          invoiceId: request.params.invoiceId,
          reason: request.body.reason,
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
      },
    );
    app.get(
      '/invoices/:invoiceId/pdf',
      {
        schema: {
          tags,
          security,
          summary: 'An invoice as PDF, in its customer’s language (as its admins download it)',
          params: z.object({ invoiceId: idSchema }),
          response: { 200: z.any().describe('application/pdf'), 404: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        return sendPdf(reply, await renderInvoicePdf({ db, invoiceId: request.params.invoiceId }));
      },
    );
    app.get(
      '/payments',
      {
        schema: {
          tags,
          security,
          summary: 'Payments, newest first',
          querystring: pageQuerySchema.extend(filters),
          response: { 200: pageOf(paymentObjectSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listProviderPayments({ db, ...request.query });
      },
    );
    app.get(
      '/payments/:paymentId',
      {
        schema: {
          tags,
          security,
          summary: 'A payment',
          params: z.object({ paymentId: idSchema }),
          response: { 200: paymentObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const found = (await readPaymentObjects(db, [request.params.paymentId])).get(
          request.params.paymentId,
        );
        if (!found) throw new AppError('not_found');
        return found;
      },
    );
    app.post(
      '/invoices/:invoiceId/payments',
      {
        schema: {
          tags,
          security,
          summary:
            'Record money that arrived outside a card (a bank transfer, a cheque, cash) against an open invoice: all it owes, or part',
          headers: idempotencyHeaders,
          params: z.object({ invoiceId: idSchema }),
          body: z.object({
            amountMinor: amountMinorSchema.describe(
              'No more than the invoice still owes (TWD in whole dollars)',
            ),
            currency: z.enum(supportedCurrencies).optional().describe('When given, it must be the invoice’s'),
            method: z.enum(['bank_transfer', 'cheque', 'cash', 'other']),
            reference: plainTextSchema(200)
              .trim()
              .min(1)
              .optional()
              .describe('The bank’s or the cheque’s reference'),
            receivedOn: calendarDateSchema.describe('The day the money arrived (not in the future)'),
          }),
          response: { 201: paymentObjectSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const caller = requireApiKey(request);
        const { amountMinor, ...rest } = request.body;
        const payment = await recordOfflinePayment({
          db,
          invoiceId: request.params.invoiceId,
          ...rest,
          amountMinor: BigInt(amountMinor),
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
        return reply.status(201).send(payment);
      },
    );
  };
}
