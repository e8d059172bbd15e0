import type { EventType } from "../../cases/case-record";
import { publicEventsOf } from "../../db/repositories/case-event-repository";
import type { Tx } from "../../db/tx";
import { normalizeCaseNumber } from "../../cases/case-number";
import { maskPersonalData } from "../../cases/personal-data";
import { openStates, type CaseState } from "../../cases/state-machine";
import type { ApiKey } from "../../config/schema";
import { listParam, oneOf, parseLedgerPage, type Bound, type LedgerFilter, type LedgerPage } from "../../case-filters/filter";
import { InvalidField } from "../../case-filters/invalid-field";
import type { LedgerRow } from "../../db/repositories/ledger-repository";
import type { Directory } from "../../config/directory";

/** Without dates or ids, Open311 servers answer the recent past; ours, the last 90 days. */
const DEFAULT_WINDOW_DAYS = 90;

const closedStates: readonly CaseState[] = ["resolved", "closed", "rejected", "withdrawn", "merged"];

/** Events whose words were meant for the resident: what the open API shows as notes. */
const NOTE_BODIES: readonly EventType[] = ["reply", "reject", "resolve"];

/** `service_request_id`, `service_code`, `status`, `start_date`, `end_date`, `page`, `page_size`. */
export function parseRequestQuery(params: URLSearchParams, directory: Directory, now: Date): { filter: LedgerFilter; page: LedgerPage } {
  const filter: LedgerFilter = {};
  const ids = listParam(params, "service_request_id");
  if (ids.length > 0) {
    filter.numbers = ids.map((id) => {
      const number = normalizeCaseNumber(id);
      if (!number) throw new InvalidField("service_request_id", `"${id}" is not a request id like MQ-20261123-0042`);
      return number;
    });
  }
  const codes = listParam(params, "service_code");
  if (codes.length > 0) filter.categoryIds = codes.map((code) => oneOf("service_code", code, directory.categories.map((c) => c.id)));
  const statuses = listParam(params, "status").map((s) => oneOf("status", s, ["open", "closed"] as const));
  if (statuses.length === 1) filter.states = statuses[0] === "open" ? [...openStates] : [...closedStates];
  const start = boundParam(params, "start_date");
  const end = boundParam(params, "end_date");
  if (start && end && instantOf(start) > instantOf(end)) throw new InvalidField("end_date", "is before start_date");
  if (start) filter.from = start;
  if (end) filter.to = end;
  if (!start && !end && !filter.numbers) filter.from = { at: new Date(now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000) };
  return { filter, page: parseLedgerPage(params, { page: "page", size: "page_size" }, 100) };
}

export interface PublicNote {
  caseId: number;
  at: Date;
  type: EventType;
  body: string | null;
}

/** The public timeline of several cases in one query (never internal notes). */
export async function publicNotes(db: Tx, caseIds: number[]): Promise<Map<number, PublicNote[]>> {
  const notes = new Map<number, PublicNote[]>();
  for (const row of await publicEventsOf(db, caseIds)) notes.set(row.caseId, [...(notes.get(row.caseId) ?? []), row]);
  return notes;
}

/**
 * A case as an Open311 service request. Every client sees status, service, department, dates and
 * the public notes; the resident's own words and location only the client that filed them, because
 * an appeal (信访) is confidential and most readers are statistics portals, not the resident's agent.
 *
 * The notes are cadres' answers to the resident, and cadres write the resident's phone into them
 * ("已联系您 138…"): they are masked for every client, the filer included, since a read key is
 * handed to more systems than the one that took the call. The filer's own description comes back
 * as it sent it: masking it would hide nothing from the only client that sees it.
 */
export function requestJson(r: LedgerRow, notes: PublicNote[], client: ApiKey, directory: Directory) {
  const filedByThisClient = r.channel === "api" && r.chatId === client.id;
  const spoken = notes.filter((n) => NOTE_BODIES.includes(n.type) && n.body);
  const said = (body: string | null | undefined) => (body ? maskPersonalData(body) : null);
  return {
    service_request_id: r.number,
    status: closedStates.includes(r.state) ? "closed" : "open",
    status_notes: said(spoken[spoken.length - 1]?.body),
    service_name: directory.nameOf("category", r.categoryId),
    service_code: r.categoryId,
    description: filedByThisClient ? r.text : null,
    agency_responsible: directory.nameOf("department", r.departmentId),
    service_notice: null,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.answerDueAt.toISOString(),
    address: r.communityId === null ? null : directory.nameOf("community", r.communityId),
    address_id: null,
    zipcode: null,
    lat: filedByThisClient ? (r.location?.latitude ?? null) : null,
    long: filedByThisClient ? (r.location?.longitude ?? null) : null,
    media_url: null,
    extended_attributes: {
      state: r.state,
      urgent: r.urgent,
      overdue: r.overdue,
      rating: r.rating,
      notes: notes.map((n) => ({ datetime: n.at.toISOString(), type: n.type, description: NOTE_BODIES.includes(n.type) ? said(n.body) : null })),
    },
  };
}

/**
 * A W3C datetime as Open311 asks: a date and time with a zone is that instant; a bare date is that
 * whole day in the deployment's time zone (so end_date=2026-11-23 includes the evening of the 23rd).
 */
function boundParam(params: URLSearchParams, name: string): Bound | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const isInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw);
  const date = isDay || isInstant ? new Date(isDay ? `${raw}T00:00:00Z` : raw) : null;
  if (!date || Number.isNaN(date.getTime()) || (isDay && date.toISOString().slice(0, 10) !== raw)) {
    throw new InvalidField(name, `"${raw}" is not a date (2026-11-23) or a datetime with a zone (2026-11-23T08:00:00+08:00)`);
  }
  return isDay ? { day: raw } : { at: date };
}

/** Near enough to order a start and an end: a day as its UTC midnight is off by hours at most. */
function instantOf(bound: Bound): number {
  return "day" in bound ? Date.parse(`${bound.day}T00:00:00Z`) : bound.at.getTime();
}
