/** One cell of a CSV file: quoted, quotes doubled (RFC 4180). */
const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/**
 * Saves rows as a CSV file named for what it holds and today (invoices-2026-11-26.csv), what the
 * reader sees in their language. A byte-order mark first, so that spreadsheet programs read Chinese
 * text as UTF-8.
 */
export function downloadCsv(name: string, rows: string[][]): void {
  const text = `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  link.download = `${name}-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}
