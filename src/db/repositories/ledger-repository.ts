import { z } from "zod";
import { isOverdue } from "../../case-filters/definitions";
import { MAX_OFFSET, MAX_PAGE_SIZE, type LedgerFilter, type LedgerPage, type LedgerSort } from "../../case-filters/filter";
import { SqlParams } from "../../case-filters/sql";
import { ledgerWhere, type QueryContext } from "../../case-filters/where";
import { caseStates, type CaseState } from "../../vocabulary/case-states";
import type { CaseChannel } from "../../vocabulary/case-record";
import type { Tx } from "../tx";
import { parseOne, parseRows } from "./rows";

/** One line of the ledger: what a list, a CSV row or an API answer needs, without photos and timeline. */
export interface LedgerRow {
  id: number;
  number: string;
  channel: CaseChannel;
  chatId: string;
  state: CaseState;
  categoryId: string;
  communityId: string | null;
  departmentId: string;
  cadreId: string;
  urgent: boolean;
  /** The appeal's text, cut to the length the caller asked for. */
  text: string;
  createdAt: Date;
  answerDueAt: Date;
  acceptedAt: Date | null;
  firstAnswerAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  rating: number | null;
  location: { latitude: number; longitude: number } | null;
  photoCount: number;
  /** Null for an open case with no deadline left to miss (SQL's LEAST of nothing): neither overdue nor in time. */
  overdue: boolean | null;
  /** A report's accused department and cadre (信访工作条例 Art. 30), null on other cases: who may act on it. */
  accusedDepartmentId: string | null;
  accusedCadreId: string | null;
}

const channelName = z.enum(["telegram", "wechat", "web"]);
const int = z.coerce.number().int();
const date = z.coerce.date();

const ledgerRow = z.object({
  id: int,
  number: z.string(),
  channel: z.union([channelName, z.literal("api")]),
  chatId: z.string(),
  state: z.enum(caseStates),
  categoryId: z.string(),
  communityId: z.string().nullable(),
  departmentId: z.string(),
  cadreId: z.string(),
  urgent: z.boolean(),
  text: z.string(),
  createdAt: date,
  answerDueAt: date,
  acceptedAt: date.nullable(),
  firstAnswerAt: date.nullable(),
  resolvedAt: date.nullable(),
  closedAt: date.nullable(),
  updatedAt: date,
  rating: int.nullable(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  photoCount: int,
  overdue: z.boolean().nullable(),
  accusedDepartmentId: z.string().nullable(),
  accusedCadreId: z.string().nullable(),
}) satisfies z.ZodType<LedgerRow>;

const countRow = z.object({ n: int });

export interface LedgerResult {
  rows: LedgerRow[];
  /** How many cases match, counted up to a cap so a broad filter on a large table stays cheap. */
  total: number;
  /** True when more cases match than `total` says. */
  totalIsAtLeast: boolean;
}

const COUNT_CAP = MAX_OFFSET + MAX_PAGE_SIZE;

const SORT_COLUMNS: Record<LedgerSort["by"], string> = { created: "c.created_at", due: "c.answer_due_at" };

function selectList(p: SqlParams, ctx: QueryContext, textChars: number | null): string {
  const text = textChars === null ? "c.text" : `left(c.text, ${p.add(textChars)}::int)`;
  return `c.id, c.number, c.channel, c.chat_id AS "chatId", c.state, c.category_id AS "categoryId", c.community_id AS "communityId",
    c.department_id AS "departmentId", c.cadre_id AS "cadreId", c.urgent, ${text} AS text,
    c.created_at AS "createdAt", c.answer_due_at AS "answerDueAt", c.accepted_at AS "acceptedAt",
    c.first_answer_at AS "firstAnswerAt", c.resolved_at AS "resolvedAt", c.closed_at AS "closedAt",
    c.updated_at AS "updatedAt", c.rating, c.location, jsonb_array_length(c.photos) AS "photoCount", ${isOverdue(p.once("now", ctx.now, "timestamptz"))} AS overdue,
    c.accused_department_id AS "accusedDepartmentId", c.accused_cadre_id AS "accusedCadreId"`;
}

/** One page of the ledger, in the order asked for (ties broken by id, so pages never overlap). */
export async function findCases(
  db: Tx,
  filter: LedgerFilter,
  ctx: QueryContext,
  sort: LedgerSort,
  page: LedgerPage,
  textChars: number | null = 120,
): Promise<LedgerResult> {
  const p = new SqlParams();
  const where = ledgerWhere(filter, ctx, p);
  const select = selectList(p, ctx, textChars);
  const direction = sort.direction === "asc" ? "ASC" : "DESC";
  const rows = parseRows(
    "ledger page",
    ledgerRow,
    await db.query(
      `SELECT ${select} FROM cases c WHERE ${where}
       ORDER BY ${SORT_COLUMNS[sort.by]} ${direction}, c.id ${direction}
       LIMIT ${p.add(page.limit)}::int OFFSET ${p.add(page.offset)}::int`,
      p.values,
    ),
  );
  const countParams = new SqlParams();
  const { n } = parseOne(
    "ledger count",
    countRow,
    await db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${ledgerWhere(filter, ctx, countParams)} LIMIT ${COUNT_CAP + 1}) AS matching`,
      countParams.values,
    ),
  );
  return { rows, total: Math.min(n, COUNT_CAP), totalIsAtLeast: n > COUNT_CAP };
}

/**
 * Every matching case, in batches, for exports: each batch continues after the last row of the one
 * before (keyset), so the thousandth batch costs what the first did and nothing is held in memory.
 */
export async function* eachCase(db: Tx, filter: LedgerFilter, ctx: QueryContext, sort: LedgerSort, batchSize = 1000): AsyncGenerator<LedgerRow[]> {
  const column = SORT_COLUMNS[sort.by];
  const [direction, comparison] = sort.direction === "asc" ? ["ASC", ">"] : ["DESC", "<"];
  let after: { key: Date; id: number } | null = null;
  for (;;) {
    const p = new SqlParams();
    const where = ledgerWhere(filter, ctx, p);
    const keyset: string = after ? ` AND (${column}, c.id) ${comparison} (${p.add(after.key)}::timestamptz, ${p.add(after.id)}::int)` : "";
    const select = selectList(p, ctx, null);
    const rows: LedgerRow[] = parseRows(
      "ledger batch",
      ledgerRow,
      await db.query(`SELECT ${select} FROM cases c WHERE ${where}${keyset} ORDER BY ${column} ${direction}, c.id ${direction} LIMIT ${p.add(batchSize)}::int`, p.values),
    );
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) return;
    after = { key: sort.by === "created" ? last.createdAt : last.answerDueAt, id: last.id };
  }
}
