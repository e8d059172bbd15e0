import { dateTimeFormat, isoDateAndTime } from "../calendar/date-format";
/**
 * CSV as Excel on a Chinese Windows opens it correctly: UTF-8 with a byte-order mark (without it
 * Excel guesses GBK and shows mojibake), CRLF line ends, fields quoted when they need it (RFC 4180).
 */
export const CSV_BOM = "\uFEFF";

export type CsvCell = string | number | null | undefined;

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  // A cell starting like a formula would be run by the spreadsheet: what a resident typed must stay text.
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** "2026-11-23 14:05" in the deployment's time zone: what Excel reads as a date and time. */
export function csvDateTime(date: Date | null, timeZone: string): string {
  if (!date) return "";
  return dateTimeFormat("sv-SE", timeZone, isoDateAndTime).format(date);
}
