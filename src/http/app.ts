import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withRequestOrigin } from '../audit/request-origin.js';
import { assertRecentlyAuthenticated } from '../auth/assert-recently-authenticated.js';
import { resolveSession } from '../auth/resolve-session.js';
import type { Db } from '../db/connect.js';
import { maskCardNumbers } from '../domain/card.js';
import { AppError } from '../domain/errors.js';
import { reauthenticationWindowMs } from '../domain/sessions.js';
import type { EInvoiceIssuer } from '../einvoice/einvoice-issuer.js';
import { SandboxEInvoiceIssuer } from '../einvoice/sandbox/sandbox-issuer.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import type { SandboxGateway } from '../gateway/sandbox/sandbox-gateway.js';
import { sandboxTokenizerRoutes } from '../gateway/sandbox/sandbox-routes.js';
import type { Mailer } from '../notifications/send-account-link.js';
import { refreshPayment } from '../payments/refresh-payment.js';
import type { SecretKey } from '../secrets/seal.js';
import { installErrorHandler, sendError } from './error-handler.js';
import { installIdempotency } from './idempotency.js';
import { auditProviderCalls, authenticateProvider } from './provider-auth.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { billingAccountRoutes } from './routes/billing-account-routes.js';
import { challengeRoutes } from './routes/challenge-routes.js';
import { creditNoteRoutes } from './routes/credit-note-routes.js';
import { invoiceRoutes } from './routes/invoice-routes.js';
import { paymentMethodRoutes } from './routes/payment-method-routes.js';
import { paymentRoutes } from './routes/payment-routes.js';
import { providerRoutes } from './routes/provider/provider-routes.js';
import { securityRoutes } from './routes/security-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { processorWebhookRoutes } from './routes/webhooks/processor-webhook-routes.js';
import { readSessionToken } from './session-cookie.js';
import { webhookDocs } from './webhook-docs.js';

export interface AppOptions {
  db: Db;
  gateway: PaymentGateway;
  /** Who issues Taiwan's e-invoices (SETTLE_EINVOICE): null for none; left out, the sandbox issuer. */
  einvoiceIssuer?: EInvoiceIssuer | null;
  /** When the processor is the built-in sandbox, its tokenizer is served beside the API. */
  sandbox?: SandboxGateway;
  /** The built web app (web/dist); absent in API-only tests. */
  webRoot?: string;
  logger?: boolean;
  /** Where logs go instead of stdout (tests read them back). */
  logStream?: NodeJS.WritableStream;
  /**
   * Behind a TLS-terminating proxy: take the scheme and client address from X-Forwarded-Proto and
   * X-Forwarded-For (cookies become Secure, throttling counts the real client). Off, those headers are
   * ignored, so a client cannot claim another address to escape throttling.
   */
  trustProxy?: boolean;
  /** Seals authenticator secrets; without it, authenticator apps cannot be set up (mfa_unavailable). */
  secretKey?: SecretKey | null;
  /** https://billing.example.com: the address passkeys are made for (else each request's own). */
  publicUrl?: string | undefined;
  /** Sends invitations and password-reset links (SMTP_URL); without it the links cannot be emailed. */
  mailer?: Mailer | null;
  /** SETTLE_WEBHOOK_ALLOW: the private ranges (CIDR) endpoints may be in, besides public addresses. */
  webhookAllowedRanges?: readonly string[];
  /** SETTLE_REAUTH_WINDOW_MS: how recent a proof of identity a sensitive change needs (10 minutes by default). */
  reauthWindowMs?: number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const einvoiceIssuer =
    options.einvoiceIssuer === undefined ? new SandboxEInvoiceIssuer(options.db) : options.einvoiceIssuer;
  const reauthWindowMs = options.reauthWindowMs ?? reauthenticationWindowMs;
  const app = Fastify({
    logger:
      options.logger || options.logStream
        ? {
            level: 'info',
            redact: ['req.headers.cookie', 'req.headers.authorization'],
            // A card number typed into a URL is refused (below), but the request line is logged first.
            serializers: {
              req: (request: { method: string; url: string; ip?: string }) => ({
                method: request.method,
                url: maskCardNumbers(request.url),
                remoteAddress: request.ip,
              }),
            },
            ...(options.logStream ? { stream: options.logStream } : {}),
          }
        : false,
    bodyLimit: 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('signInSession', null);
  app.decorateRequest('apiKey', null);
  app.decorateRequest('idempotency', null);
  installErrorHandler(app);

  await app.register(cookie);
  // Security headers on every answer (HTML, API, assets): scripts only from Settle's own origin, no
  // framing (a payment form must not be clickjacked), no MIME sniffing, no referrer to other sites.
  // A processor's card form and challenge come from its own origin, and only in its mode: in sandbox
  // mode nothing outside Settle's origin is allowed at all.
  const processor = options.gateway.browserOrigins;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...processor.script],
        frameSrc: ["'self'", ...processor.frame],
        // Fluent UI (Griffel) writes its CSS at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...processor.connect],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    // Strict-Transport-Security only means something over HTTPS: set below, when the request is.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Settle API',
        version: '0.1.0',
        description:
          'Amounts are integer minor units. Errors are { code, message }. The admin center’s API takes the ' +
          'session cookie; the provider API (/api/provider/v1, tag provider) takes an API key as a bearer token.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'sk_… from npm run keys -- create' },
          session: { type: 'apiKey', in: 'cookie', name: 'settle_session' },
        },
      },
      // The admin center's session by default; the provider API's routes say apiKey, public ones none.
      security: [{ session: [] }],
      servers: [{ url: '/', description: 'This Settle server' }],
      webhooks: webhookDocs(),
    },
    transform: documentedRoute,
  });
  // The API docs page sets its own policy (Swagger UI's scripts), still without framing.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Served over plain HTTP on a developer's machine too: no upgrade to https; never framed.
    transformStaticCSP: (header) =>
      header
        .replace('upgrade-insecure-requests;', '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        // Swagger UI sets inline styles of its own; no script is let in by this.
        .replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  });

  // Audit entries written while answering keep the client's address and browser (src/audit).
  app.addHook('onRequest', (request, _reply, done) => {
    const userAgent = request.headers['user-agent'];
    withRequestOrigin(
      { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null },
      done,
    );
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/provider/')) {
      await authenticateProvider(request, options.db);
      return;
    }
    if (!request.url.startsWith('/api/')) return;
    const token = readSessionToken(request);
    const signedIn = token ? await resolveSession({ db: options.db, token }) : null;
    request.actor = signedIn?.actor ?? null;
    request.signInSession = signedIn?.session ?? null;
    const config = request.routeOptions.config;
    if (config.public) return;
    if (!signedIn) throw new AppError('unauthenticated');
    // A password alone opens nothing for a user with a second factor (or who must set one up).
    const state = signedIn.session.mfaState;
    if (state !== 'complete' && !config.duringSignIn)
      throw new AppError(state === 'mfa_pending' ? 'second_factor_required' : 'second_factor_setup_required');
  });
  // Before the Idempotency-Key is claimed: a "confirm it's you" refusal is not an answer to replay.
  app.addHook('preValidation', async (request) => {
    const rule = request.routeOptions.config.reauthentication;
    if (!rule || !request.signInSession) return;
    if (rule === true || rule(request.body))
      assertRecentlyAuthenticated(request.signInSession, reauthWindowMs);
  });
  installIdempotency(app, options.db);
  auditProviderCalls(app, options.db);

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { summary: 'Whether the server answers', response: { 200: z.object({ ok: z.boolean() }) } },
    },
    async () => ({ ok: true }),
  );
  await app.register(
    authRoutes(options.db, { mailer: options.mailer ?? null, publicUrl: options.publicUrl }),
  );
  await app.register(
    securityRoutes(options.db, {
      secretKey: options.secretKey ?? null,
      publicUrl: options.publicUrl,
      reauthWindowMs,
    }),
  );
  await app.register(subscriptionRoutes(options.db, options.gateway));
  await app.register(paymentMethodRoutes(options.db, options.gateway));
  await app.register(paymentRoutes(options.db, options.gateway));
  await app.register(challengeRoutes());
  if (options.gateway.name !== 'sandbox')
    await app.register(processorWebhookRoutes(options.db, options.gateway));
  await app.register(invoiceRoutes(options.db));
  await app.register(creditNoteRoutes(options.db));
  await app.register(billingAccountRoutes(options.db, einvoiceIssuer));
  await app.register(
    userRoutes(options.db, { mailer: options.mailer ?? null, publicUrl: options.publicUrl }),
  );
  await app.register(auditRoutes(options.db));
  await app.register(
    providerRoutes(options.db, {
      gateway: options.gateway,
      einvoiceIssuer,
      mailer: options.mailer ?? null,
      publicUrl: options.publicUrl,
      secretKey: options.secretKey ?? null,
      webhookAllowedRanges: options.webhookAllowedRanges ?? [],
    }),
  );
  if (options.sandbox) {
    // The sandbox's notice that a challenge ended, as a processor's webhook: recorded at once, and
    // if that fails the admin's browser (…/complete) or reconciliation records it instead.
    const onChallengeEnded = async (paymentId: string) => {
      await refreshPayment({ db: options.db, gateway: options.gateway, paymentId, actorUserId: null }).catch(
        (error: unknown) => app.log.warn({ paymentId, err: error }, 'recording a challenge’s end failed'),
      );
    };
    await app.register(sandboxTokenizerRoutes(options.sandbox, onChallengeEnded));
  }

  const webRoot = options.webRoot;
  if (webRoot && existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // The build writes .br and .gz beside each asset: the 900 kB bundle travels as about 250 kB.
      preCompressed: true,
      setHeaders: (response, path) => {
        // Asset names carry their content hash: a browser may keep them for good.
        if (path.includes('/assets/'))
          response.header('cache-control', 'public, max-age=31536000, immutable');
        else response.header('cache-control', 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (
      request.url.startsWith('/api/') ||
      request.url.startsWith('/gateway/') ||
      !webRoot ||
      (request.method !== 'GET' && request.method !== 'HEAD')
    ) {
      throw new AppError('not_found');
    }
    // Client-side routes (/billing/products/…) all load the single-page app.
    return reply.sendFile('index.html');
  });
  return app;
}

/**
 * Each route as OpenAPI documents it: zod's schemas as JSON Schema, plus what every operation needs to
 * be lint-clean (redocly's recommended rules): an operationId and a summary made from the route when it
 * has none, and no security for the public routes (sign-in, health, the sandbox's pages).
 */
function documentedRoute(
  input: Parameters<typeof jsonSchemaTransform>[0],
): ReturnType<typeof jsonSchemaTransform> {
  const out = jsonSchemaTransform(input) as { schema: Record<string, unknown> | undefined; url: string };
  out.schema ??= {};
  const schema = out.schema;
  if (schema.hide) return out as ReturnType<typeof jsonSchemaTransform>;
  const operation = `${input.route.method} ${input.url}`;
  schema.operationId ??= operation
    .toLowerCase()
    .replace(/[{}:]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  schema.summary ??= operation;
  // Optional to the validator (the idempotency hook refuses its absence with its own code), required
  // by the server: the document says so.
  const headers = schema.headers as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  if (headers?.properties?.['idempotency-key'])
    headers.required = [...new Set([...(headers.required ?? []), 'idempotency-key'])];
  // Every route may refuse (bad input, no session or key): say so where a route names no refusal.
  schema.response ??= {};
  const responses = schema.response as Record<string, unknown>;
  if (!Object.keys(responses).some((status) => status.startsWith('4')))
    responses['4XX'] = {
      description: 'A refusal: { code, message }, the message in the caller’s language',
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    };
  if ((input.route.config as { public?: boolean } | undefined)?.public) schema.security ??= [];
  return out as ReturnType<typeof jsonSchemaTransform>;
}
