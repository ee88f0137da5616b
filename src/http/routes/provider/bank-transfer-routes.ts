import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listBankTransfers } from '../../../bank-transfers/list-bank-transfers.js';
import { receiveBankTransfer } from '../../../bank-transfers/receive-bank-transfer.js';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import {
  amountMinorSchema,
  calendarDateSchema,
  idSchema,
  plainTextSchema,
} from '../../../contract/fields.js';
import { bankTransferObjectSchema } from '../../../contract/objects.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { supportedCurrencies } from '../../../domain/money.js';
import { readBankTransferObjects } from '../../../resources/bank-transfer-objects.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

/** Money transferred to customers' own accounts at the seller's bank: the bank's notices, and what they paid. */
export function bankTransferRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/bank-transfers',
      {
        schema: {
          tags,
          security,
          summary:
            'The bank’s notice of a transfer to a customer’s account: it pays the customer’s open invoices',
          description:
            'Send what your bank reports (the sandbox bank reports nothing by itself: this call plays it). The transfer pays the open invoice its memo names first, then the oldest, each with a payment of method bank_transfer; what is left goes to the customer’s credit balance. Answers 201 with the transfer, or 200 with the same transfer when the bank reference was already recorded (a repeated notice moves nothing).',
          headers: idempotencyHeaders,
          body: z.object({
            accountNumber: z
              .string()
              .regex(/^\d{14}$/)
              .describe('The customer’s transfer account (its transferAccountNumber)'),
            bankReference: plainTextSchema(100)
              .trim()
              .min(1)
              .describe('The bank’s reference for this transfer'),
            amountMinor: amountMinorSchema.describe('What arrived (TWD in whole dollars)'),
            currency: z.enum(supportedCurrencies).describe('It must be the customer’s'),
            receivedOn: calendarDateSchema.describe('The day the money arrived (not in the future)'),
            memo: plainTextSchema(200)
              .trim()
              .min(1)
              .optional()
              .describe('What the payer wrote with it (附言)'),
          }),
          response: {
            200: bankTransferObjectSchema,
            201: bankTransferObjectSchema,
            400: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const caller = requireApiKey(request);
        const { amountMinor, ...rest } = request.body;
        const { transfer, created } = await receiveBankTransfer({
          db,
          notice: { ...rest, amountMinor: BigInt(amountMinor) },
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
        return reply.status(created ? 201 : 200).send(transfer);
      },
    );
    app.get(
      '/bank-transfers',
      {
        schema: {
          tags,
          security,
          summary: 'Bank transfers, newest first',
          querystring: pageQuerySchema.extend({
            organizationId: idSchema.optional().describe('Only this customer’s'),
          }),
          response: { 200: pageOf(bankTransferObjectSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listBankTransfers({ db, ...request.query });
      },
    );
    app.get(
      '/bank-transfers/:bankTransferId',
      {
        schema: {
          tags,
          security,
          summary: 'A bank transfer',
          params: z.object({ bankTransferId: idSchema }),
          response: { 200: bankTransferObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const id = request.params.bankTransferId;
        const found = (await readBankTransferObjects(db, [id])).get(id);
        if (!found) throw new AppError('not_found');
        return found;
      },
    );
  };
}
