import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { GatewayUnavailableError } from '../gateway/payment-gateway.js';
import { errorMessage } from '../i18n/server-messages.js';
import { errorStatus } from './errors.js';
import { requestLocale } from './request-context.js';

/** Every refusal leaves as { code, message, ...details }, the message in the caller's language. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));
}

/**
 * The one way an error becomes an answer, for the routes and for the errors Fastify raises before
 * routing (a path parameter too long, a malformed URL): never Fastify's own English body.
 */
export function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = requestLocale(request);
  const { code, status, details } = classify(error, request);
  // A throttled caller is told when to come back, in the header clients and proxies understand.
  // The provider API's 401 names the scheme that would open it (RFC 9110 §11.6.1); the admin center's
  // session is a cookie, which has no such scheme.
  if (code === 'api_key_invalid') reply.header('www-authenticate', 'Bearer realm="settle-provider-api"');
  if (typeof details.retryAfterSeconds === 'number')
    reply.header('retry-after', String(details.retryAfterSeconds));
  return reply.status(status).send({ code, message: errorMessage(code, locale), ...details });
}

function classify(
  error: FastifyError,
  request: FastifyRequest,
): { code: ErrorCode; status: number; details: Record<string, unknown> } {
  if (error instanceof AppError)
    return { code: error.code, status: errorStatus[error.code], details: error.details };
  // A processor call outside the charge path (a card form, a card's details) found it out of reach.
  if (error instanceof GatewayUnavailableError)
    return { code: 'processor_unavailable', status: errorStatus.processor_unavailable, details: {} };
  if (hasZodFastifySchemaValidationErrors(error)) {
    return {
      code: 'validation_failed',
      status: 400,
      details: {
        // Where (body, params, querystring) and which field, never the rejected value itself:
        // it may be a card number typed into the wrong place.
        fields: error.validation.map((issue) => ({
          in: error.validationContext,
          field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          issue: issue.keyword,
        })),
      },
    };
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH' || error.code === 'FST_ERR_BAD_URL')
    return { code: 'not_found', status: 404, details: {} };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Malformed JSON, wrong content type, a body too large: the request never reached a use case.
    return {
      code: error.statusCode === 429 ? 'rate_limited' : 'validation_failed',
      status: error.statusCode,
      details: { reason: error.code },
    };
  }
  if (isDataException(error)) {
    // PostgreSQL refused a value (a NUL byte, a date or number out of its range) that slipped past the
    // schemas: the statement failed, so nothing was written, and the caller's input is to blame.
    request.log.warn({ sqlState: (error as { code?: string }).code }, 'input refused by the database');
    return { code: 'validation_failed', status: 400, details: {} };
  }
  request.log.error({ err: error }, 'unhandled error');
  return { code: 'internal_error', status: errorStatus.internal_error, details: {} };
}

/** SQLSTATE class 22, "data exception", from either driver (pg or PGlite). */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
