import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/connect.js';
import type { SecretKey } from '../../secrets/seal.js';
import { secondFactorRoutes } from './security/second-factor-routes.js';
import { sessionRoutes } from './security/session-routes.js';
import { signInProofRoutes } from './security/sign-in-proof-routes.js';

/** Second factors, "confirm it's you", and the user's own sessions: one plugin each. */
export function securityRoutes(
  db: Db,
  options: { secretKey: SecretKey | null; publicUrl: string | undefined; reauthWindowMs: number },
): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(signInProofRoutes(db, options));
    await app.register(secondFactorRoutes(db, options));
    await app.register(sessionRoutes(db));
  };
}
