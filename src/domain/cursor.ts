import { AppError } from './errors.js';

// Cursor pagination over (created_at, id): an opaque token for "the rows after this one", stable while
// rows are added (Stripe's starting_after, without exposing the order). The time is kept exactly as
// PostgreSQL keeps it, to the microsecond, as text: a JavaScript Date holds milliseconds only, and rows
// written in the same millisecond fell between two pages.

/** An ISO 8601 UTC instant with up to six fractional digits, as createdAtKey writes it. */
const instantPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,6})?Z$/;

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

/** The cursor's instant (exact text, safe to cast to timestamptz) and id; anything else is bad input. */
export function decodeCursor(cursor: string, field = 'after'): [string, string] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw new AppError('validation_failed', { field });
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw new AppError('validation_failed', { field });
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isInstant(createdAt) || id.length > 100)
    throw new AppError('validation_failed', { field });
  return [createdAt, id];
}

/** A real instant: 2026-02-30 or hour 25 would make PostgreSQL's cast fail, so they are refused here. */
function isInstant(text: string): boolean {
  const match = instantPattern.exec(text);
  if (!match?.[1]) return false;
  const date = new Date(`${match[1]}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === match[1];
}

/** Invoices page by (issue day, number, id), newest first: a day, a text and an id, all exact. */
export function encodeInvoiceCursor(issuedOn: string, number: string, id: string): string {
  return Buffer.from(JSON.stringify([issuedOn, number, id])).toString('base64url');
}

/** Newest first by issue day, then number: the key is exact (a day, a text, an id), so no row falls between pages. */
export function decodeInvoiceCursor(cursor: string): [string, string, string] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw new AppError('validation_failed', { field: 'after' });
  }
  const valid =
    Array.isArray(decoded) &&
    decoded.length === 3 &&
    decoded.every((part) => typeof part === 'string' && part.length <= 100) &&
    isCalendarDay(decoded[0] as string);
  if (!valid) throw new AppError('validation_failed', { field: 'after' });
  return decoded as [string, string, string];
}

function isCalendarDay(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().slice(0, 10) === text
  );
}
