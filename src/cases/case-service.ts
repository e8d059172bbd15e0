import type { Clock } from "../clock";
import type { Cadre, Deployment } from "../config/schema";
import type { Logger } from "../log";
import { casesMergedDirectlyInto, casesMergedInto, lockCase, lockCaseAndOther, markResidentsNotified, updateCase } from "../db/repositories/case-repository";
import { reserveFiling, type MatterCandidate } from "../db/repositories/filing-repository";
import type { Understanding } from "../understanding";
import { durationMs } from "./time-limits";
import { appendCaseEvent } from "../db/repositories/case-event-repository";
import { putFinalCaseIn, takeFinalCaseOut } from "../db/repositories/final-case-stats-repository";
import type { Tx } from "../db/tx";
import type { ActorKind, CaseEventRecord, CaseRecord } from "./case-record";
import type { Resident } from "../db/entities/resident";
import type { Draft } from "../vocabulary/draft";
import { planReminders, replanReminders, replanRemindersOf } from "./reminder-plan";
import { accuses, mayActOn } from "./authority";
import { responsibleCadre, route } from "../routing/assign";
import { reportOf } from "../routing/reports";
import type { Directory } from "../config/directory";
import { caseNumber, localDay } from "./case-number";
import { candidatesOfMatter, writeFiling } from "./filings";
import type { Notifier } from "./notifier";
import { accusedOf, type CaseChanges } from "./case-changes";
import { nextState, specOf } from "./actions";
import type { ActionContext, ActionOf, ActionSpec, Actor, Refusal, Who } from "./actions/spec";
import { isOpen, type CaseAction, type CaseState } from "./state-machine";
import { reviewUntil } from "./actions/review";
import type { TimeLimits } from "./time-limits";
import { NoticeIssuer, noticeEventData } from "../notices/notice-issuer";

export type { Actor, Refusal } from "./actions/spec";

/** Which case: by its id (a replied-to message, a list) or its number (a command). */
export type CaseRef = { id: number } | { number: string };

/** `case`: the case as it is (null when there is none), so the desk can say why. */
export type ApplyResult = { ok: true; case: CaseRecord } | { ok: false; reason: Refusal; case: CaseRecord | null };

/**
 * The one place a case is created or changed: it checks the transition and the rules around it,
 * moves the deadlines, writes the timeline event, queues the messages the change causes and
 * plans the reminders, all in the caller's transaction.
 */
export class CaseService {
  constructor(
    private readonly directory: Directory,
    private readonly notifier: Notifier,
    private readonly limits: TimeLimits,
    private readonly clock: Clock,
    /** Reads a new case's words, to find another resident's open case on the same matter. */
    private readonly understanding: Understanding,
    private readonly logger?: Logger,
    /** Live pages (the cadres' workspace) hear of each change through this; none in tests that do not watch. */
    private readonly changes?: CaseChanges,
  ) {
    this.notices = new NoticeIssuer(directory);
  }

  /** The written notices the actions issue (src/notices/). */
  private readonly notices: NoticeIssuer;

  get maxExtensionDays(): number {
    return this.limits.maxExtensionDays;
  }

  private get deployment(): Deployment {
    return this.directory.deployment;
  }

  async create(tx: Tx, resident: Resident, chatId: string, draft: Draft & { categoryId: string }): Promise<CaseRecord> {
    const now = this.clock.now();
    const communityId = draft.communityId || null;
    const text = draft.texts.join("\n");
    // A report about a department never goes to it (信访工作条例 Art. 30), however it came in (a chat, the open API).
    const report = reportOf(this.directory, this.understanding.accusationIn(text, draft.report === true), draft.report === true);
    const categoryId = report?.categoryId ?? draft.categoryId;
    const { departmentId, cadreId } = report
      ? { departmentId: report.receiverId, cadreId: responsibleCadre(this.directory, report.receiverId, communityId).id }
      : route(this.directory, categoryId, communityId);
    const policy = { categoryId, urgent: draft.urgent };
    const day = localDay(now, this.deployment.timezone);
    // A report is its resident's own: never linked with another's case, whose department it may accuse.
    const matter = communityId === null || report ? null : { categoryId, communityId, since: this.sameMatterSince(now), otherThan: resident.id };
    // The number, the ids and the cases to compare with, in one round trip; the writes wait for the batch, if there is one (./filings.ts).
    const reserved = await reserveFiling(tx, day, matter);
    const c: CaseRecord = {
      id: reserved.caseId,
      number: caseNumber(this.deployment.caseNumberPrefix, day, reserved.counter),
      residentId: resident.id,
      channel: resident.channel,
      chatId,
      text,
      photos: draft.photos,
      location: draft.location,
      categoryId,
      communityId,
      urgent: draft.urgent,
      departmentId,
      cadreId,
      state: "submitted",
      rating: null,
      createdAt: now,
      acceptDueAt: this.limits.acceptDue(now, policy),
      answerDueAt: this.limits.firstAnswerDue(now, policy),
      finishDueAt: null,
      extensionState: null,
      extensionDays: null,
      extensionReason: null,
      reviewCount: 0,
      accusedDepartmentId: report?.accused?.departmentId ?? null,
      accusedCadreId: report?.accused?.cadreId ?? null,
      repeats: 0,
      leadCaseId: null,
      residentNotifiedAt: now,
      acceptedAt: null,
      firstAnswerAt: null,
      resolvedAt: null,
      closedAt: null,
      updatedAt: now,
    };
    // The emergency's kind chooses the advice after the receipt; the card warns of the same matter reported by others; the timeline keeps both.
    const candidates = matter === null ? [] : candidatesOfMatter(tx, matter, reserved.candidates);
    const data = { ...(draft.emergency ? { emergency: draft.emergency } : {}), ...this.sameMatter(c, candidates) };
    const event: CaseEventRecord = {
      id: reserved.eventId,
      caseId: c.id,
      at: this.clock.now(),
      type: "created",
      actorKind: "resident",
      actorId: String(resident.id),
      public: true,
      body: null,
      data: Object.keys(data).length > 0 ? data : null,
    };
    const change = { number: c.number, departmentId: c.departmentId, urgent: c.urgent, state: c.state, event: event.type, ...accusedOf(c) };
    await writeFiling(tx, { c, event, reminders: planReminders(c, now, this.deployment.reminders) }, this.changes, change);
    await this.notifier.caseChanged(tx, c, event, { resident });
    this.logger?.info("case filed", { case: c.number, department: c.departmentId, urgent: c.urgent });
    return c;
  }

  /** From when another resident's open case may be the same matter as one filed `now`. */
  private sameMatterSince(now: Date): Date {
    return new Date(now.getTime() - durationMs(this.deployment.understanding.sameMatter.within));
  }

  /**
   * Of the other residents' open cases of the same category and community (`candidates`), the one
   * that reads as the same matter (the oldest such), and how many residents have reported it with
   * this one: for the card's "可能与 MQ-… 为同一问题（N 人反映）".
   */
  private sameMatter(c: CaseRecord, candidates: readonly MatterCandidate[]): { sameAs: string; people: number } | Record<string, never> {
    if (candidates.length === 0) return {};
    const same = this.understanding.casesOfSameMatter(this.understanding.read(c.text), candidates);
    if (same.length === 0) return {};
    return { sameAs: same[0]!.number, people: new Set(same.flatMap((x) => [x.residentId, ...x.residentsOn])).size + 1 };
  }

  /**
   * The reminder sweep told these cases' residents "still being handled": their next such message
   * counts from `now`. Not an action: nothing about the case changes, so no timeline event (one per
   * nudge would bury the timeline the resident and the cadres read). Applied to a batch the sweep
   * has locked already, in one statement and one replan (an apply per case cost three statements
   * each: 100 due took 140 ms instead of 40 ms).
   */
  async residentsNotified(tx: Tx, locked: CaseRecord[], now: Date): Promise<void> {
    if (locked.length === 0) return;
    for (const c of locked) c.residentNotifiedAt = now;
    await markResidentsNotified(tx, locked.map((c) => c.id), now);
    await replanRemindersOf(tx, locked, now, this.deployment.reminders);
  }

  /** Locks the case row until the transaction ends, so concurrent actions apply one after another. */
  async lock(tx: Tx, where: CaseRef): Promise<CaseRecord | null> {
    return lockCase(tx, where);
  }

  /**
   * Takes `action` on the case: locks it, checks who acts (the spec's `who`), the state table and
   * the spec's refusals, applies the spec's change, writes the timeline event, queues the messages,
   * replans the reminders and keeps the statistics' sums of final cases, all in the caller's transaction. What each action does is its
   * file in ./actions/.
   */
  async apply<A extends CaseAction>(tx: Tx, ref: CaseRef, action: A, actor: Actor): Promise<ApplyResult> {
    const spec = specOf(action.type) as ActionSpec<A["type"]>;
    const typed = action as unknown as ActionOf<A["type"]>;
    // A second case the action names (a merge's lead) is locked with this one, in id order.
    const otherNumber = spec.other?.(typed);
    const { c, other } = otherNumber === undefined ? { c: await this.lock(tx, ref), other: null } : await lockCaseAndOther(tx, ref, otherNumber);
    if (!c) return { ok: false, reason: "not_found", case: null };
    const checked = await this.check(tx, c, action, actor, other);
    if (!checked.ok) return { ok: false, reason: checked.reason, case: c };
    const { next, ctx } = checked;
    const { now } = ctx;

    const fromDepartment = c.departmentId;
    const fromState = c.state;
    // The statistics of final cases follow every change of one, in this transaction: its share as
    // stored leaves them before the change, its share as changed joins them after.
    const wasFinal = !isOpen(c.state);
    if (wasFinal) await takeFinalCaseOut(tx, c.id, this.deployment.timezone);
    const recorded = spec.change?.(c, typed, ctx, next) ?? {};
    c.state = next;
    c.updatedAt = now;
    // The notice the action issues, in its transaction: a rolled-back action issues none and gives its number back.
    const request = spec.notice?.(c, typed, ctx) ?? null;
    const notice = request ? await this.notices.issue(tx, c, request, now) : null;
    const data = { ...(recorded.data ?? { department: c.departmentId }), ...(notice ? noticeEventData(notice) : {}) };
    const event = await this.record(tx, c, actor, action.type, spec.event === "public", recorded.body ?? null, data);
    if (event.public) c.residentNotifiedAt = now;
    await updateCase(tx, c);
    if (!isOpen(c.state)) await putFinalCaseIn(tx, c.id, this.deployment.timezone);
    await this.notifier.caseChanged(tx, c, event, { transferredFrom: this.directory.nameOf("department", fromDepartment) });
    await this.changes?.changed(tx, {
      number: c.number,
      departmentId: c.departmentId,
      ...(fromDepartment === c.departmentId ? {} : { fromDepartmentId: fromDepartment }),
      urgent: c.urgent,
      state: c.state,
      event: event.type,
      ...accusedOf(c),
    });
    await replanReminders(tx, c, now, this.deployment.reminders);
    this.logger?.info("case changed", { case: c.number, action: action.type, by: actor.kind === "cadre" ? actor.cadre.id : actor.kind, state: c.state });
    if (spec.thenToMerged) {
      for (const merged of await casesMergedDirectlyInto(tx, c.id)) await this.apply(tx, { id: merged.id }, spec.thenToMerged(c, fromState), { kind: "system" });
    }
    return { ok: true, case: c };
  }

  /**
   * Whether `actor` may take `action` on `c` now, by the checks `apply` makes (who, the state
   * table, the spec's refusals), without locking or changing anything: what a page offers is what
   * the core would do. For actions that name no other case (all but a merge).
   */
  async permits(tx: Tx, c: CaseRecord, action: CaseAction, actor: Actor): Promise<boolean> {
    return (await this.check(tx, c, action, actor, null)).ok;
  }

  /** Until when the resident may ask for a review of `c` (the review's own rule, actions/review.ts); null before an answer. */
  reviewUntil(c: CaseRecord): Date | null {
    return reviewUntil(c, this.limits);
  }

  /** Who acts, the state table, then the spec's refusals, in that order: the state it leads to, or why not. */
  private async check<A extends CaseAction>(
    tx: Tx,
    c: CaseRecord,
    action: A,
    actor: Actor,
    other: CaseRecord | null,
  ): Promise<{ ok: true; next: CaseState; ctx: ActionContext } | { ok: false; reason: Refusal }> {
    const spec = specOf(action.type) as ActionSpec<A["type"]>;
    if (!(await allowed(tx, spec.who, actor, c))) return { ok: false, reason: "not_yours" };
    const next = nextState(c.state, action);
    if (next === null) return { ok: false, reason: "not_allowed" };
    const ctx: ActionContext = { directory: this.directory, limits: this.limits, now: this.clock.now(), other };
    const refusal = spec.refuse?.(c, action as unknown as ActionOf<A["type"]>, actor, ctx) ?? handsToAccused(spec, c, action as unknown as ActionOf<A["type"]>, ctx, next);
    return refusal ? { ok: false, reason: refusal } : { ok: true, next, ctx };
  }

  private async record(tx: Tx, c: CaseRecord, actor: Actor, type: CaseEventRecord["type"], isPublic: boolean, body: string | null, data: CaseEventRecord["data"]): Promise<CaseEventRecord> {
    const actorKind: ActorKind = actor.kind;
    const actorId = actor.kind === "cadre" ? actor.cadre.id : actor.kind === "resident" ? String(actor.residentId) : null;
    return appendCaseEvent(tx, { caseId: c.id, at: this.clock.now(), type, actorKind, actorId, public: isPublic, body, data });
  }
}

/**
 * The spec's `who`: the case's own resident (or, for "residentOfMatter", one whose case was merged
 * into it); a cadre who may act on the case (src/cases/authority.ts); the service itself.
 */
async function allowed(tx: Tx, who: Who, actor: Actor, c: CaseRecord): Promise<boolean> {
  switch (who) {
    case "resident":
      return actor.kind === "resident" && actor.residentId === c.residentId;
    case "residentOfMatter":
      if (actor.kind !== "resident") return false;
      return actor.residentId === c.residentId || (await casesMergedInto(tx, c.id)).some((m) => m.residentId === actor.residentId);
    case "cadre":
      return actor.kind === "cadre" && mayActOn(actor.cadre, c);
    case "system":
      return actor.kind === "system";
  }
}

/**
 * A report about a department or an official (信访工作条例 Art. 30) never goes into the hands of
 * those it accuses, whichever action would put it there (a transfer, an assignment, a review, a
 * reassignment, or an action added later): the change is tried on a copy, and refused when the
 * copy's department or cadre is the accused.
 */
function handsToAccused<T extends CaseAction["type"]>(spec: ActionSpec<T>, c: CaseRecord, action: ActionOf<T>, ctx: ActionContext, next: CaseState): Refusal | null {
  if (c.accusedDepartmentId === null || !spec.change) return null;
  const tried = structuredClone(c);
  spec.change(tried, action, ctx, next);
  return accuses(c, { departmentId: tried.departmentId, cadreId: tried.cadreId }) ? "accused_department" : null;
}
