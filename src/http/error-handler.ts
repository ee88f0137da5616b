import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { errorMessage } from '../i18n/server-messages.js';
import { errorStatus } from './errors.js';
import { requestLocale } from './request-context.js';

/** Every refusal leaves as { code, message, ...details }, the message in the caller's language. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = requestLocale(request);
    let code: ErrorCode;
    let status: number;
    let details: Record<string, unknown> = {};
    if (error instanceof AppError) {
      code = error.code;
      status = errorStatus[error.code];
      details = error.details;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      code = 'validation_failed';
      status = 400;
      details = {
        // Where (body, params, querystring) and which field, never the rejected value itself:
        // it may be a card number typed into the wrong place.
        fields: error.validation.map((issue) => ({
          in: error.validationContext,
          field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          issue: issue.keyword,
        })),
      };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, wrong content type, a body too large: the request never reached a use case.
      code = error.statusCode === 429 ? 'rate_limited' : 'validation_failed';
      status = error.statusCode;
      details = { reason: error.code };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      code = 'internal_error';
      status = errorStatus.internal_error;
    }
    return reply.status(status).send({ code, message: errorMessage(code, locale), ...details });
  });
}
