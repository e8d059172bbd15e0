import { maskPersonalData } from "../../cases/personal-data";
import type { Directory } from "../../config/directory";
import type { Texts } from "../../texts";
import { csvDateTime, csvRow } from "../../case-filters/csv";
import type { LedgerRow } from "../../db/repositories/ledger-repository";

/** The ledger's CSV header, in the reader's language. */
export function ledgerCsvHeader(t: Texts): string {
  const c = t.ledgerColumns;
  return csvRow([c.number, c.state, c.urgent, c.category, c.community, c.department, c.cadre, c.createdAt, c.answerDueAt, c.acceptedAt, c.firstAnswerAt, c.resolvedAt, c.closedAt, c.rating, c.overdue, c.text]);
}

/**
 * One CSV line per case, with names instead of ids and times in the deployment's zone. The appeal's
 * personal data is masked: a spreadsheet is mailed, printed and kept on desktops, far from the
 * dashboard's sign-in; the responsible cadre reads the numbers on the case's own page.
 */
export function ledgerCsvLines(rows: readonly LedgerRow[], t: Texts, directory: Directory): string {
  const tz = directory.deployment.timezone;
  return rows
    .map((r) =>
      csvRow([
        r.number,
        t.stateName(r.state),
        r.urgent ? t.yes : t.no,
        directory.nameOf("category", r.categoryId),
        directory.nameOf("community", r.communityId),
        directory.nameOf("department", r.departmentId),
        directory.nameOf("cadre", r.cadreId),
        csvDateTime(r.createdAt, tz),
        csvDateTime(r.answerDueAt, tz),
        csvDateTime(r.acceptedAt, tz),
        csvDateTime(r.firstAnswerAt, tz),
        csvDateTime(r.resolvedAt, tz),
        csvDateTime(r.closedAt, tz),
        r.rating,
        r.overdue ? t.yes : "",
        maskPersonalData(r.text),
      ]),
    )
    .join("");
}
