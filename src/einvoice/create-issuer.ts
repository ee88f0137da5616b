import type { EInvoiceConfig } from '../config.js';
import type { Db } from '../db/connect.js';
import { EcpayEInvoiceIssuer } from './ecpay/ecpay-issuer.js';
import type { EInvoiceIssuer } from './einvoice-issuer.js';
import { SandboxEInvoiceIssuer } from './sandbox/sandbox-issuer.js';

/** The issuer SETTLE_EINVOICE names, with its keys: the one place that knows the adapters. Null: none. */
export function createEInvoiceIssuer(
  db: Db,
  config: EInvoiceConfig,
  timeoutMs: number,
): EInvoiceIssuer | null {
  if (config.kind === 'none') return null;
  if (config.kind === 'sandbox') return new SandboxEInvoiceIssuer(db);
  return new EcpayEInvoiceIssuer({
    merchantId: config.merchantId,
    hashKey: config.hashKey,
    hashIv: config.hashIv,
    apiBase: config.apiBase.origin,
    timeoutMs,
  });
}
