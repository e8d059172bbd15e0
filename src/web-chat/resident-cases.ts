import { isOpen } from "../cases/state-machine";
import type { Views } from "../cases/views";
import type { Locale } from "../config/schema";
import { caseTimeline } from "../db/repositories/case-event-repository";
import { casesOfResident } from "../db/repositories/case-repository";
import { findByAccount } from "../db/repositories/resident-repository";
import type { Tx } from "../db/tx";
import { textsFor } from "../texts";
import type { CaseRecord } from "../cases/case-record";
import type { CaseService } from "../cases/case-service";
import type { ResidentCase } from "./resident-case-shape";
import { nextReviewStage } from "../cases/actions/review";

export type { ResidentCase, ResidentCaseStep } from "./resident-case-shape";

/** What the list reads the cases with. */
export interface ResidentCaseDeps {
  views: Views;
  /** The core's rules for what a resident may do to a case (CaseService.permits). */
  cases: Pick<CaseService, "permits" | "reviewUntil">;
}

/** As many as /status lists. */
const LIST_LIMIT = 20;

/**
 * The cases of the web resident whose chat is `chatId` (the page's cookie names it; nothing in
 * the request can name another resident's), newest first, each with its public timeline.
 */
export async function residentCasesOfWebChat(db: Tx, { views, cases: core }: ResidentCaseDeps, chatId: string, locale: Locale): Promise<ResidentCase[]> {
  const resident = await findByAccount(db, "web", chatId);
  if (!resident) return [];
  const texts = textsFor(locale);
  const actor = { kind: "resident", residentId: resident.id } as const;
  const cases = await casesOfResident(db, resident.id, LIST_LIMIT);
  const result: ResidentCase[] = [];
  for (const c of cases) {
    const view = views.caseView(texts, c);
    const events = await caseTimeline(db, c.id, { publicOnly: true });
    const due = dueOf(c);
    // The reason does not decide whether a review is allowed; the resident writes it on the page.
    const reviewUntil = (await core.permits(db, c, { type: "review", reason: "?" }, actor)) ? core.reviewUntil(c) : null;
    result.push({
      number: c.number,
      state: c.state,
      stateName: texts.stateName(c.state),
      open: isOpen(c.state),
      urgent: c.urgent,
      category: view.category,
      community: view.community,
      department: view.department,
      text: c.text,
      createdAt: c.createdAt.toISOString(),
      createdAtText: view.createdAt,
      dueAt: due ? due.toISOString() : null,
      dueAtText: due ? views.date(texts, due) : null,
      dueFor: due === null ? null : c.state === "in_progress" ? "finish" : "answer",
      photos: view.photos,
      hasLocation: view.hasLocation,
      timeline: events.map((e) => {
        const step = views.eventForResident(texts, e);
        return { at: e.at.toISOString(), atText: step.at, type: e.type, typeName: texts.eventName(e.type), actor: step.actor, body: step.body };
      }),
      canWithdraw: await core.permits(db, c, { type: "withdraw" }, actor),
      reviewUntil: reviewUntil ? reviewUntil.toISOString() : null,
      reviewUntilText: reviewUntil ? views.date(texts, reviewUntil) : null,
      reviewStage: reviewUntil ? nextReviewStage(c) : null,
    });
  }
  return result;
}

/** The date the bot names to the resident: the answer's before the first answer, then the end of handling. */
function dueOf(c: CaseRecord): Date | null {
  if (!isOpen(c.state)) return null;
  if (c.state === "in_progress") return c.finishDueAt ?? c.answerDueAt;
  return c.answerDueAt;
}
