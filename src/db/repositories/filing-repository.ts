import { z } from "zod";
import { openStates } from "../../vocabulary/case-states";
import type { CaseEventRecord, CaseRecord } from "../../vocabulary/case-record";
import type { Tx } from "../tx";
import { COLUMNS, caseRow } from "./case-repository";
import { executeNamed, named, runNamed } from "./named";
import { col, parseOne } from "./rows";
import type { PlannedReminder } from "./reminder-repository";

/**
 * Filing a case (issue 13) in as few round trips as the rules allow: everything the filing must
 * know before it can be written is read in one statement (`reserveFiling`), and everything it
 * writes goes in one more (`insertFilings`), which a batch of residents' messages sends once for
 * all the cases it files.
 */

/** Another resident's open case that may be the same matter, with the residents on it (its own and those of the cases merged into it). */
export type MatterCandidate = CaseRecord & { residentsOn: number[] };

export interface ReservedFiling {
  /** The day's counter after this filing: the number's last part. */
  counter: number;
  caseId: number;
  eventId: number;
  /** Oldest first, at most MATTER_CANDIDATES; none when the filing has no community. */
  candidates: MatterCandidate[];
}

export interface Matter {
  categoryId: string;
  communityId: string;
  since: Date;
  otherThan: number;
}

/** How many other residents' open cases a filing compares itself with at most, the oldest first. */
export const MATTER_CANDIDATES = 200;

/*
 * The day's counter counts from 1; the upsert locks the day's row until the transaction ends, so
 * no two transactions get the same number and the numbers stay gap-free (a filing rolled back
 * gives its number back). The case's and its event's ids are taken here, in the order filing one
 * by one takes them (the counter, the case, its event), so the rows are the same whether they are
 * written now or with the batch.
 */
const RESERVE = named(
  "reserve_filing",
  `WITH counter AS (
     INSERT INTO case_number_counters (day, last) VALUES ($1, 1)
     ON CONFLICT (day) DO UPDATE SET last = case_number_counters.last + 1 RETURNING last
   ), ids AS (
     SELECT counter.last, nextval(pg_get_serial_sequence('cases', 'id')) AS case_id FROM counter
   )
   SELECT ids.last AS counter, ids.case_id, nextval(pg_get_serial_sequence('case_events', 'id')) AS event_id,
     (SELECT coalesce(json_agg(m ORDER BY m."createdAt", m.id), '[]') FROM (
        SELECT ${COLUMNS}, ARRAY(SELECT resident_id FROM cases merged WHERE merged.lead_case_id = cases.id) AS "residentsOn"
        FROM cases
        WHERE category_id = $2 AND community_id = $3 AND created_at >= $4 AND state = ANY($5) AND resident_id <> $6
          AND accused_department_id IS NULL
        ORDER BY created_at, id LIMIT ${MATTER_CANDIDATES}
      ) m) AS candidates
   FROM ids`,
);

const reservedRow = z.object({
  counter: col.int,
  case_id: col.int,
  event_id: col.int,
  candidates: z.array(caseRow.extend({ residentsOn: z.array(col.int) })),
});

/** Takes the day's next number and the ids of a new case and its event, and reads the open cases that may be the same matter, in one statement. */
export async function reserveFiling(tx: Tx, day: string, matter: Matter | null): Promise<ReservedFiling> {
  const params = [day, matter?.categoryId ?? null, matter?.communityId ?? null, matter?.since ?? null, [...openStates], matter?.otherThan ?? null];
  const r = parseOne("reserve filing", reservedRow, await runNamed(tx, RESERVE, params));
  return { counter: r.counter, caseId: r.case_id, eventId: r.event_id, candidates: r.candidates };
}

/** A filed case as it is written: the case, its "created" event, its first reminders. */
export interface Filing {
  c: CaseRecord;
  event: CaseEventRecord;
  reminders: Omit<PlannedReminder, "caseId">[];
}

/*
 * The cases, their events and their reminders, each set-based, in one statement. The reminders'
 * conflict clause is insert_planned_reminders's (a new case has none, but the rule is one).
 */
const INSERT = named(
  "insert_filings",
  `WITH filed AS (
     INSERT INTO cases (id, number, resident_id, channel, chat_id, text, photos, location, category_id, community_id,
       urgent, department_id, cadre_id, state, rating, created_at, accept_due_at, answer_due_at, finish_due_at,
       review_count, resident_notified_at, updated_at, accused_department_id, accused_cadre_id)
     SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[],
       $10::text[], $11::bool[], $12::text[], $13::text[], $14::text[], $15::smallint[], $16::timestamptz[], $17::timestamptz[],
       $18::timestamptz[], $19::timestamptz[], $20::int[], $21::timestamptz[], $22::timestamptz[], $36::text[], $37::text[])
     RETURNING id
   ), events AS (
     INSERT INTO case_events (id, case_id, at, type, actor_kind, actor_id, public, body, data)
     SELECT * FROM unnest($23::int[], $24::int[], $25::timestamptz[], $26::text[], $27::text[], $28::text[], $29::bool[], $30::text[], $31::jsonb[])
     RETURNING id
   )
   INSERT INTO reminders (case_id, kind, target_at, due_at)
   SELECT * FROM unnest($32::int[], $33::text[], $34::timestamptz[], $35::timestamptz[])
   ON CONFLICT ON CONSTRAINT "UQ_reminders_stage" DO NOTHING`,
);

/** Writes the filings, in the order given, in one statement. */
export async function insertFilings(tx: Tx, filings: readonly Filing[]): Promise<void> {
  if (filings.length === 0) return;
  const cases = filings.map((f) => f.c);
  const events = filings.map((f) => f.event);
  const reminders = filings.flatMap((f) => f.reminders.map((r) => ({ caseId: f.c.id, ...r })));
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await executeNamed(tx, INSERT, [
    cases.map((c) => c.id), cases.map((c) => c.number), cases.map((c) => c.residentId), cases.map((c) => c.channel), cases.map((c) => c.chatId),
    cases.map((c) => c.text), cases.map((c) => JSON.stringify(c.photos)), cases.map((c) => json(c.location)), cases.map((c) => c.categoryId),
    cases.map((c) => c.communityId), cases.map((c) => c.urgent), cases.map((c) => c.departmentId), cases.map((c) => c.cadreId),
    cases.map((c) => c.state), cases.map((c) => c.rating), cases.map((c) => c.createdAt), cases.map((c) => c.acceptDueAt),
    cases.map((c) => c.answerDueAt), cases.map((c) => c.finishDueAt), cases.map((c) => c.reviewCount), cases.map((c) => c.residentNotifiedAt),
    cases.map((c) => c.updatedAt),
    events.map((e) => e.id), events.map((e) => e.caseId), events.map((e) => e.at), events.map((e) => e.type), events.map((e) => e.actorKind),
    events.map((e) => e.actorId), events.map((e) => e.public), events.map((e) => e.body), events.map((e) => json(e.data)),
    reminders.map((r) => r.caseId), reminders.map((r) => r.kind), reminders.map((r) => r.targetAt), reminders.map((r) => r.dueAt),
    // A report's accused (信访工作条例 Art. 30), numbered last: they came after the rest.
    cases.map((c) => c.accusedDepartmentId), cases.map((c) => c.accusedCadreId),
  ]);
}
