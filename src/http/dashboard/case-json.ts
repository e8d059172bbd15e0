import { mayActOn } from "../../cases/authority";
import { canApply } from "../../cases/actions";
import type { ActionType } from "../../cases/state-machine";
import type { Cadre } from "../../config/schema";
import type { CaseEventRecord } from "../../cases/case-record";
import type { LedgerRow } from "../../db/repositories/ledger-repository";
import type { Directory } from "../../config/directory";
import type { Attachment } from "../../channels/port";
import { casePhotoUrl } from "./case-photos";
import { caseNoticesJson } from "./case-notices";
import type { CaseRow, LedgerCase } from "./json-shapes";

/** The actions a cadre can take from the dashboard: the chat commands, by the same rules. */
export const dashboardActions = ["accept", "reply", "reject", "transfer", "resolve", "note"] as const satisfies readonly ActionType[];
export type DashboardAction = (typeof dashboardActions)[number];

const named = (id: string, name: string) => ({ id, name });

/** The ids of a case's row with their names: its category, community, department and cadre. */
export function namesOf(
  r: { categoryId: string; communityId: string | null; departmentId: string; cadreId: string },
  directory: Directory,
): Pick<CaseRow, "category" | "community" | "department" | "cadre"> {
  return {
    category: named(r.categoryId, directory.nameOf("category", r.categoryId)),
    community: r.communityId === null ? null : named(r.communityId, directory.nameOf("community", r.communityId)),
    department: named(r.departmentId, directory.nameOf("department", r.departmentId)),
    cadre: named(r.cadreId, directory.nameOf("cadre", r.cadreId)),
  };
}

/** A ledger line for the page: ids with their names, times as ISO strings. */
export function rowJson(r: LedgerRow, directory: Directory): CaseRow {
  return {
    number: r.number,
    state: r.state,
    urgent: r.urgent,
    overdue: r.overdue,
    ...namesOf(r, directory),
    text: r.text,
    createdAt: r.createdAt.toISOString(),
    answerDueAt: r.answerDueAt.toISOString(),
    rating: r.rating,
  };
}

/** The case page: every date, the full timeline with internal notes and who acted, and what this cadre may do now. */
export function caseJson(r: LedgerRow, events: CaseEventRecord[], cadre: Cadre, directory: Directory, attachments: readonly Attachment[] = []): LedgerCase {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    ...rowJson(r, directory),
    // Filed by another system through the open API: the resident hears nothing by chat.
    viaApi: r.channel === "api",
    photos: r.photoCount,
    // The photos this service keeps (web residents'), for <img src>: only this case's cadres may load them.
    photoUrls: attachments.map((p) => casePhotoUrl(r.number, p)).filter((url): url is string => url !== null),
    location: r.location,
    notices: caseNoticesJson(r.number, events, directory),
    acceptedAt: iso(r.acceptedAt),
    firstAnswerAt: iso(r.firstAnswerAt),
    resolvedAt: iso(r.resolvedAt),
    closedAt: iso(r.closedAt),
    updatedAt: r.updatedAt.toISOString(),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actorKind: e.actorKind,
      // Cadres see who acted; the resident stays anonymous here too (信访 confidentiality).
      actor: e.actorKind === "cadre" && e.actorId ? directory.nameOf("cadre", e.actorId) : null,
      body: e.body,
      internal: !e.public,
      // A review moves the case to the reviewing body as a transfer does: the line says from whom to whom.
      transfer: (e.type === "transfer" || e.type === "review") && typeof e.data?.from === "string" && typeof e.data.to === "string"
        ? { from: directory.nameOf("department", e.data.from), to: directory.nameOf("department", e.data.to) }
        : null,
      rating: e.type === "rate" && typeof e.data?.rating === "number" ? e.data.rating : null,
      reviewStage: e.type === "review" ? (e.data?.stage === "re_review" ? "re_review" : "review") : null,
    })),
    actions: mayActOn(cadre, r) ? dashboardActions.filter((a) => canApply(r.state, a)) : [],
  };
}
