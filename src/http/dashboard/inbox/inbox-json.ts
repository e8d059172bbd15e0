import { canApply } from "../../../cases/actions";
import { mayActOn } from "../../../cases/authority";
import type { Cadre } from "../../../config/schema";
import type { Directory } from "../../../config/directory";
import type { CaseRecord } from "../../../vocabulary/case-record";
import type { InboxRow } from "../../../db/repositories/inbox-repository";
import { cadreActions, type CadreActionType } from "../case-actions";
import { namesOf } from "../case-json";
import type { DeskFields, InboxRow as InboxRowJson } from "../json-shapes";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A card of the inbox: ids with their names, times as ISO strings. */
export function inboxRowJson(r: InboxRow, directory: Directory, viewer: Cadre): InboxRowJson {
  return {
    number: r.number,
    state: r.state,
    urgent: r.urgent,
    ...namesOf(r, directory),
    mine: r.cadreId === viewer.id,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    dueAt: iso(r.dueAt),
    dueKind: r.dueKind,
    extensionState: r.extensionState,
    photoCount: r.photoCount,
  };
}

/**
 * The actions this cadre may take on the case now: the state table (canApply) and the rules the
 * specs refuse by, checked beforehand so the page offers no button the service would refuse.
 * The service checks again when the action comes (another cadre may have acted meanwhile).
 */
export function availableActions(cadre: Cadre, c: CaseRecord): CadreActionType[] {
  if (!mayActOn(cadre, c)) return [];
  const supervisor = cadre.role === "supervisor";
  const lead = supervisor || (cadre.role === "lead" && cadre.department === c.departmentId);
  return cadreActions.filter((a) => {
    if (!canApply(c.state, a)) return false;
    switch (a) {
      case "extend_request":
        return c.extensionState !== "approved" && c.extensionState !== "requested";
      case "extend_approve":
      case "extend_deny":
        return supervisor && c.extensionState === "requested";
      case "assign":
        return lead;
      default:
        return true;
    }
  });
}

/** What the case view adds to the ledger's case: every deadline, the extension, and the actions. */
export function deskJson(c: CaseRecord, cadre: Cadre): DeskFields {
  return {
    cadreId: c.cadreId,
    deadlines: { accept: c.acceptDueAt.toISOString(), answer: c.answerDueAt.toISOString(), finish: iso(c.finishDueAt) },
    extension: c.extensionState === null ? null : { state: c.extensionState, days: c.extensionDays, reason: c.extensionReason },
    actions: availableActions(cadre, c),
  };
}
