import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { createGateway } from '../gateway/create-gateway.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { loadSecretKey } from '../secrets/load-secret-key.js';

/** The processor the server uses, for an operator command run beside it. */
export function openGateway(db: Db, config: Config): PaymentGateway {
  const secretKey = loadSecretKey({
    fromEnvironment: config.secretKey,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  return createGateway(db, config.processor, {
    secretKey: secretKey.key,
    publicUrl: config.publicUrl,
    timeoutMs: config.processorTimeoutMs,
  }).gateway;
}
