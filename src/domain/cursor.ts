import { AppError } from './errors.js';

// Cursor pagination over (created_at, id), newest first: an opaque token for "the rows after this one",
// stable while rows are added (Stripe's starting_after, without exposing the order).

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): [Date, string] {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return [date, id];
  } catch {
    throw new AppError('validation_failed', { field });
  }
}
