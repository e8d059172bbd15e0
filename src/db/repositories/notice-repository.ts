import { z } from "zod";
import type { Queryable, Tx } from "../tx";
import { col, queryRows } from "./rows";

/** notices and notice_number_counters: the written notices issued on cases (src/notices/). */

export interface NoticeSummary {
  id: string;
  caseId: number;
  kind: string;
  number: string;
  sha256: string;
  issuedAt: Date;
}

export interface StoredNotice extends NoticeSummary {
  html: string;
  htmlSha256: string;
  pdf: Buffer;
}

const bytes = z.union([z.instanceof(Buffer), z.instanceof(Uint8Array).transform((b) => Buffer.from(b))]);
const summaryRow = z.object({ id: col.text, case_id: col.int, kind: col.text, number: col.text, sha256: col.text, issued_at: col.date });
const summaryOf = (r: z.infer<typeof summaryRow>): NoticeSummary => ({ id: r.id, caseId: r.case_id, kind: r.kind, number: r.number, sha256: r.sha256, issuedAt: r.issued_at });

/**
 * The year's next notice number, from 1. The upsert locks the year's row until the transaction
 * ends, so no two transactions get the same number, and a rolled-back action gives its number
 * back: the numbers stay gap-free, as the case numbers do (filing-repository.ts).
 */
export async function takeNoticeSerial(tx: Tx, year: number): Promise<number> {
  const [row] = await queryRows(
    tx,
    `INSERT INTO notice_number_counters (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = notice_number_counters.last + 1 RETURNING last`,
    [year],
    z.object({ last: col.int }),
  );
  if (row === undefined) throw new Error("the notice counter returned no number");
  return row.last;
}

export async function insertNotice(tx: Tx, n: StoredNotice & { year: number; serial: number }): Promise<void> {
  await queryRows(
    tx,
    `INSERT INTO notices (id, case_id, kind, year, serial, number, html, html_sha256, pdf, sha256, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [n.id, n.caseId, n.kind, n.year, n.serial, n.number, n.html, n.htmlSha256, n.pdf, n.sha256, n.issuedAt],
    z.object({ id: col.text }),
  );
}

/** A case's notices, the first issued first, without their documents. */
export async function noticesOfCase(q: Queryable, caseId: number): Promise<NoticeSummary[]> {
  const rows = await queryRows(q, `SELECT id, case_id, kind, number, sha256, issued_at FROM notices WHERE case_id = $1 ORDER BY issued_at, serial`, [caseId], summaryRow);
  return rows.map(summaryOf);
}

const storedRow = summaryRow.extend({ html: col.text, html_sha256: col.text, pdf: bytes });
const storedOf = (r: z.infer<typeof storedRow>): StoredNotice => ({ ...summaryOf(r), html: r.html, htmlSha256: r.html_sha256, pdf: r.pdf });

export async function findNotice(q: Queryable, id: string): Promise<StoredNotice | undefined> {
  const [row] = await queryRows(q, `SELECT id, case_id, kind, number, sha256, issued_at, html, html_sha256, pdf FROM notices WHERE id = $1`, [id], storedRow);
  return row && storedOf(row);
}

/** The notice, only if it was issued on a case filed from the web chat `chatId` (the resident's own). */
export async function findNoticeOfWebChat(q: Queryable, id: string, chatId: string): Promise<StoredNotice | undefined> {
  const [row] = await queryRows(
    q,
    `SELECT n.id, n.case_id, n.kind, n.number, n.sha256, n.issued_at, n.html, n.html_sha256, n.pdf
     FROM notices n JOIN cases c ON c.id = n.case_id WHERE n.id = $1 AND c.channel = 'web' AND c.chat_id = $2`,
    [id, chatId],
    storedRow,
  );
  return row && storedOf(row);
}
