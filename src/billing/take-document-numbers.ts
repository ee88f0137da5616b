import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { DocumentKind } from '../db/schema.js';

/** How each kind of document is numbered: its prefix, then the seller's sequence from 1001. */
export const documentPrefixes: Record<DocumentKind, string> = { invoice: 'INV-', credit_note: 'CN-' };

/**
 * Takes the seller's next `count` numbers of a kind (INV-1001, INV-1002, …), in the caller's
 * transaction. The sequence's row stays locked until that transaction ends, so numbers are unique
 * across processes and have no gaps: a transaction that rolls back gives its numbers back. The cost is
 * that documents of one kind are issued one transaction at a time, so take them last, just before the
 * insert (after every other lock: no deadlock with a transaction that locks the same subscriptions).
 */
export async function takeDocumentNumbers(tx: Db, kind: DocumentKind, count = 1): Promise<string[]> {
  if (count < 1) return [];
  const result = await sql<{ last_number: string }>`
    insert into document_sequences as s (kind, last_number) values (${kind}, ${1000 + count})
    on conflict (kind) do update set last_number = s.last_number + ${count}
    returning last_number`.execute(tx);
  const last = Number(result.rows[0]?.last_number);
  return Array.from({ length: count }, (_, index) => `${documentPrefixes[kind]}${last - count + 1 + index}`);
}

/** The seller's next number of a kind; see takeDocumentNumbers. */
export async function takeDocumentNumber(tx: Db, kind: DocumentKind): Promise<string> {
  const [number] = await takeDocumentNumbers(tx, kind, 1);
  return number as string;
}
