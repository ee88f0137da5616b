import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { idSchema, plainTextSchema } from '../../../contract/fields.js';
import {
  einvoiceBuyerChoiceSchema,
  einvoiceObjectSchema,
  einvoiceStatusSchema,
  organizationObjectSchema,
} from '../../../contract/objects.js';
import { timestamp } from '../../../contract/wire.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { addEInvoiceTrack } from '../../../einvoice/add-einvoice-track.js';
import type { EInvoiceIssuer } from '../../../einvoice/einvoice-issuer.js';
import { listEInvoiceTracks } from '../../../einvoice/list-einvoice-tracks.js';
import { listEInvoices } from '../../../einvoice/list-einvoices.js';
import { requestEInvoiceVoid } from '../../../einvoice/request-einvoice-void.js';
import { retryEInvoice } from '../../../einvoice/retry-einvoice.js';
import { setEInvoiceBuyer } from '../../../einvoice/set-einvoice-buyer.js';
import { readEInvoiceObjects } from '../../../resources/einvoice-objects.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

const trackSchema = z.object({
  id: z.string(),
  period: z.string().describe('The two-month period, by its first month: 2026-11'),
  track: z.string().describe('字軌: two capital letters'),
  firstNumber: z.string(),
  lastNumber: z.string(),
  usedCount: z.number().int().describe('Numbers the sandbox issuer used from it'),
  remainingCount: z.number().int(),
  createdAt: timestamp,
});

/** Taiwan's e-invoices (電子發票) of paid TWD invoices: their state, retries, voids, and number ranges. */
export function einvoiceRoutes(db: Db, issuer: EInvoiceIssuer | null): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/organizations/:organizationId/einvoice-buyer',
      {
        schema: {
          tags,
          security,
          summary:
            'Where a customer’s e-invoices go from the next one (its admins choose it on Billing account)',
          description:
            'B2B under its 統一編號, a mobile barcode (手機條碼) or citizen certificate (自然人憑證) carrier, a donation code (捐贈碼), the issuer’s member carrier, or a printed copy; null for the default (B2B with a 統一編號, else the member carrier). Barcodes and donation codes are checked with the issuer.',
          headers: idempotencyHeaders,
          params: z.object({ organizationId: idSchema }),
          body: z.object({ einvoiceBuyer: einvoiceBuyerChoiceSchema.nullable() }),
          response: { 200: organizationObjectSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) =>
        setEInvoiceBuyer({
          db,
          issuer,
          organizationId: request.params.organizationId,
          choice: request.body.einvoiceBuyer,
          by: { apiKeyName: requireApiKey(request).name },
        }),
    );
    app.get(
      '/einvoices',
      {
        schema: {
          tags,
          security,
          summary: 'E-invoices, newest first',
          querystring: pageQuerySchema.extend({
            organizationId: idSchema.optional().describe('Only this customer’s'),
            invoiceId: idSchema.optional().describe('Only this invoice’s (its original and reissues)'),
            status: einvoiceStatusSchema.optional(),
          }),
          response: { 200: pageOf(einvoiceObjectSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listEInvoices({ db, ...request.query });
      },
    );
    app.get(
      '/einvoices/:einvoiceId',
      {
        schema: {
          tags,
          security,
          summary: 'An e-invoice',
          params: z.object({ einvoiceId: idSchema }),
          response: { 200: einvoiceObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const id = request.params.einvoiceId;
        const found = (await readEInvoiceObjects(db, [id])).get(id);
        if (!found) throw new AppError('not_found');
        return found;
      },
    );
    app.post(
      '/einvoices/:einvoiceId/retry',
      {
        schema: {
          tags,
          security,
          summary: 'Ask again for an e-invoice the issuer refused (status failed)',
          description:
            'Once the cause is mended (a carrier corrected on the Billing account page, a number range added): it goes where the customer’s e-invoices go now, under the same seller’s id.',
          headers: idempotencyHeaders,
          params: z.object({ einvoiceId: idSchema }),
          response: { 200: einvoiceObjectSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return retryEInvoice({ db, einvoiceId: request.params.einvoiceId });
      },
    );
    app.post(
      '/einvoices/:einvoiceId/void',
      {
        schema: {
          tags,
          security,
          summary: 'Void an e-invoice (作廢), and with reissue issue a new one (註銷重開)',
          description:
            'Its allowances are voided first. With reissue: true a new e-invoice for what it still stands for goes where the customer’s e-invoices go now: for a wrong buyer, tax ID or carrier. Refunds and credit notes void or reduce e-invoices by themselves; this is for the seller’s own corrections.',
          headers: idempotencyHeaders,
          params: z.object({ einvoiceId: idSchema }),
          body: z.object({
            reason: plainTextSchema(20).trim().min(1).describe('Printed on the void (20 characters at most)'),
            reissue: z.boolean().default(false),
          }),
          response: { 200: einvoiceObjectSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return requestEInvoiceVoid({ db, einvoiceId: request.params.einvoiceId, ...request.body });
      },
    );
    app.get(
      '/einvoice-tracks',
      {
        schema: {
          tags,
          security,
          summary: 'Your e-invoice number ranges (字軌), newest period first',
          response: { 200: z.object({ items: z.array(trackSchema) }) },
        },
      },
      async (request) => {
        requireApiKey(request);
        return { items: await listEInvoiceTracks({ db }) };
      },
    );
    app.post(
      '/einvoice-tracks',
      {
        schema: {
          tags,
          security,
          summary: 'Record a number range the tax office allotted you for a period',
          description:
            'In blocks of 50 (from …00 or …50 to …49 or …99), as ECPay’s range settings take them. The sandbox issuer numbers from these; you are warned when a period’s numbers run low.',
          headers: idempotencyHeaders,
          body: z.object({
            period: z
              .string()
              .regex(/^\d{4}-(01|03|05|07|09|11)$/, 'the period’s first month: 2026-11')
              .describe('The two-month period, by its first month'),
            track: z.string().regex(/^[A-Z]{2}$/, 'two capital letters'),
            firstNumber: z.string().regex(/^\d{8}$/, 'eight digits'),
            lastNumber: z.string().regex(/^\d{8}$/, 'eight digits'),
          }),
          response: { 201: trackSchema, 400: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        const { firstNumber, lastNumber, ...rest } = request.body;
        const track = await addEInvoiceTrack({
          db,
          ...rest,
          firstNumber: Number(firstNumber),
          lastNumber: Number(lastNumber),
        });
        return reply.status(201).send(track);
      },
    );
  };
}
