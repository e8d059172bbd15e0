import { z } from "zod";
import { isOpen, nextDeadline } from "../../case-filters/definitions";
import { SqlParams } from "../../case-filters/sql";
import { reportsHiddenWhere } from "../../case-filters/where";
import type { Viewer } from "../../vocabulary/accused";
import { caseStates, type CaseState } from "../../vocabulary/case-states";
import type { Tx } from "../tx";
import { col, parseRows } from "./rows";

/** The inbox's filters: everything open, or one slice of it. */
export const inboxViews = ["open", "mine", "unassigned", "due_soon", "overdue", "urgent"] as const;
export type InboxView = (typeof inboxViews)[number];

/** "Due soon": the next deadline falls within a working day's planning horizon. */
export const DUE_SOON_MS = 24 * 3600_000;

/** One line of a cadre's inbox: what a card shows at a glance, and the deadline it must meet next. */
export interface InboxRow {
  number: string;
  state: CaseState;
  urgent: boolean;
  categoryId: string;
  communityId: string | null;
  departmentId: string;
  cadreId: string;
  text: string;
  createdAt: Date;
  updatedAt: Date;
  /** The next deadline of an open case, null when it has none left (or is not open). */
  dueAt: Date | null;
  /** Which deadline that is: to accept, to answer first, to finish. */
  dueKind: "accept" | "answer" | "finish" | null;
  extensionState: "requested" | "approved" | "denied" | null;
  photoCount: number;
}

const inboxRowSchema = z.object({
  number: col.text,
  state: z.enum(caseStates),
  urgent: col.bool,
  categoryId: col.text,
  communityId: col.text.nullable(),
  departmentId: col.text,
  cadreId: col.text,
  text: col.text,
  createdAt: col.date,
  updatedAt: col.date,
  dueAt: col.date.nullable(),
  dueKind: z.enum(["accept", "answer", "finish"]).nullable(),
  extensionState: z.enum(["requested", "approved", "denied"]).nullable(),
  photoCount: col.int,
}) satisfies z.ZodType<InboxRow>;

const countsRow = z.object({ open: col.int, mine: col.int, unassigned: col.int, due_soon: col.int, overdue: col.int, urgent: col.int });
export type InboxCounts = Record<InboxView, number>;

export interface InboxQuery {
  /** A handler's department, or null for a supervisor. */
  departmentScope: string | null;
  /** The cadre, from whom the reports about their department or them are kept (信访工作条例 Art. 30). */
  reportsHidden: Viewer;
  cadreId: string;
  now: Date;
}

/** The most rows one answer carries: a department's open cases, with room; a supervisor narrows by filter. */
export const INBOX_LIMIT = 500;

/** Each view's condition; a thunk, so only the parameters of the conditions used are bound. */
function conditions(q: InboxQuery, p: SqlParams): Record<InboxView, () => string> {
  const now = () => p.once("now", q.now, "timestamptz");
  const soon = () => p.once("soon", new Date(q.now.getTime() + DUE_SOON_MS), "timestamptz");
  return {
    open: () => "TRUE",
    mine: () => `c.cadre_id = ${p.once("me", q.cadreId, "text")}`,
    // Nobody has taken it on yet: routed to a cadre by the rules, not yet accepted by anyone.
    unassigned: () => `c.state = 'submitted'`,
    due_soon: () => `(${nextDeadline}) >= ${now()} AND (${nextDeadline}) < ${soon()}`,
    overdue: () => `(${nextDeadline}) < ${now()}`,
    urgent: () => "c.urgent",
  };
}

function scope(q: InboxQuery, p: SqlParams): string {
  const department = q.departmentScope === null ? "TRUE" : `c.department_id = ${p.once("department", q.departmentScope, "text")}`;
  return `${department} AND ${reportsHiddenWhere(q.reportsHidden, p)}`;
}

const SELECT = `c.number, c.state, c.urgent, c.category_id AS "categoryId", c.community_id AS "communityId",
  c.department_id AS "departmentId", c.cadre_id AS "cadreId", left(c.text, 140) AS text,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  CASE WHEN ${isOpen} THEN ${nextDeadline} END AS "dueAt",
  CASE WHEN NOT (${isOpen}) THEN NULL
    WHEN c.state = 'submitted' AND c.accept_due_at = (${nextDeadline}) THEN 'accept'
    WHEN c.first_answer_at IS NULL AND c.answer_due_at = (${nextDeadline}) THEN 'answer'
    WHEN c.finish_due_at = (${nextDeadline}) THEN 'finish' END AS "dueKind",
  c.extension_state AS "extensionState", jsonb_array_length(c.photos) AS "photoCount"`;

/** The open cases of one view, urgent first, then by the deadline they must meet next. */
export async function inboxRows(db: Tx, q: InboxQuery, view: InboxView): Promise<InboxRow[]> {
  const p = new SqlParams();
  const where = `${scope(q, p)} AND ${isOpen} AND ${conditions(q, p)[view]()}`;
  const rows: unknown = await db.query(
    `SELECT ${SELECT} FROM cases c WHERE ${where}
     ORDER BY c.urgent DESC, (${nextDeadline}) ASC NULLS LAST, c.id ASC LIMIT ${INBOX_LIMIT}`,
    p.values,
  );
  return parseRows("inbox rows", inboxRowSchema, rows);
}

/** One case as an inbox row, open or not (a live update of a case that was just resolved), within the scope. */
export async function inboxRowOf(db: Tx, q: InboxQuery, number: string): Promise<InboxRow | null> {
  const p = new SqlParams();
  const rows: unknown = await db.query(`SELECT ${SELECT} FROM cases c WHERE ${scope(q, p)} AND c.number = ${p.add(number)}`, p.values);
  return parseRows("inbox row", inboxRowSchema, rows)[0] ?? null;
}

/** How many open cases each view holds, for the filter chips. */
export async function inboxCounts(db: Tx, q: InboxQuery): Promise<InboxCounts> {
  const p = new SqlParams();
  const c = conditions(q, p);
  const counts = inboxViews.map((view) => `count(*) FILTER (WHERE ${c[view]()})::int AS ${view}`).join(", ");
  const rows: unknown = await db.query(`SELECT ${counts} FROM cases c WHERE ${scope(q, p)} AND ${isOpen}`, p.values);
  const [row] = parseRows("inbox counts", countsRow, rows);
  return row ?? { open: 0, mine: 0, unassigned: 0, due_soon: 0, overdue: 0, urgent: 0 };
}
