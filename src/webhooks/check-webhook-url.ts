import { AppError } from '../domain/errors.js';
import { webhookUrlProblem } from './webhook-address.js';

/** Refuses, before anything is written, a URL Settle would not deliver to. */
export async function checkWebhookUrl(url: string, allowedRanges: readonly string[]): Promise<void> {
  const problem = await webhookUrlProblem(url, allowedRanges);
  if (problem === 'scheme' || problem === 'credentials') throw new AppError('webhook_url_invalid');
  if (problem === 'private_address') throw new AppError('webhook_url_private');
  if (problem === 'unresolvable') throw new AppError('webhook_url_unresolvable');
}
