/** A number range (字軌) as the provider API shows it: how much of it is used. */
export interface EInvoiceTrackView {
  id: string;
  period: string;
  track: string;
  firstNumber: string;
  lastNumber: string;
  /** Numbers the sandbox issuer has used (an issuer elsewhere keeps its own count: ECPay's own range settings). */
  usedCount: number;
  remainingCount: number;
  createdAt: Date;
}

export const toEInvoiceTrackView = (row: {
  id: string;
  period: string;
  track: string;
  first_number: number;
  last_number: number;
  next_number: number;
  created_at: Date;
}): EInvoiceTrackView => ({
  id: row.id,
  period: row.period,
  track: row.track,
  firstNumber: String(row.first_number).padStart(8, '0'),
  lastNumber: String(row.last_number).padStart(8, '0'),
  usedCount: row.next_number - row.first_number,
  remainingCount: row.last_number - row.next_number + 1,
  createdAt: row.created_at,
});
