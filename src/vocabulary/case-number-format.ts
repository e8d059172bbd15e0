/**
 * How a case number is written (MQ-20261123-0042): finding one in a text and reading one as
 * people type it. A leaf, so the ledger's filters and the desks share it without a folder cycle.
 */

/** The first case number in a text, e.g. a quoted card: "📥新诉求 MQ-20261123-0042\n…" → "MQ-20261123-0042". */
export function findCaseNumber(text: string): string | null {
  return /(?<![A-Za-z])[A-Z]{1,6}-\d{8}-\d{4,}(?!\d)/.exec(text)?.[0] ?? null;
}

/** Accepts what people type: lower case, full-width dashes, spaces around. */
export function normalizeCaseNumber(input: string): string | null {
  const s = input.trim().toUpperCase().replace(/[－—–_]/g, "-");
  return /^[A-Z]{1,6}-\d{8}-\d{4,}$/.test(s) ? s : null;
}
