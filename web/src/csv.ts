/** One cell of a CSV file: quoted, quotes doubled (RFC 4180). */
const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/**
 * Saves rows as a CSV file, what the reader sees in their language. A byte-order mark first, so
 * that spreadsheet programs read Chinese text as UTF-8.
 */
export function downloadCsv(fileName: string, rows: string[][]): void {
  const text = `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}
