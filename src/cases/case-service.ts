import type { EntityManager } from "typeorm";
import type { Clock } from "../clock";
import type { Cadre, Deployment } from "../config/schema";
import type { Logger } from "../log";
import { Case } from "../db/entities/case";
import { CaseEvent, type ActorKind } from "../db/entities/case-event";
import type { Resident } from "../db/entities/resident";
import type { Draft } from "../intake/draft";
import { planNewReminders, replanReminders } from "../reminders/plan";
import { responsibleCadre, route } from "../routing/assign";
import type { Directory } from "../routing/directory";
import { issueCaseNumber } from "./case-number";
import type { Notifier } from "./notifier";
import { nextState, type CaseAction } from "./state-machine";
import type { TimeLimits } from "./time-limits";

export type Actor = { kind: "resident"; residentId: number } | { kind: "cadre"; cadre: Cadre } | { kind: "system" };

/** Why an action was refused, for the desk to explain. */
export type Refusal =
  | "not_allowed"
  | "extension_used"
  | "extension_pending"
  | "extension_too_long"
  | "no_extension_requested"
  | "not_a_supervisor"
  | "review_window_closed";

export type ApplyResult = { ok: true; case: Case } | { ok: false; reason: Refusal };

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
    private readonly logger?: Logger,
  ) {}

  get maxExtensionDays(): number {
    return this.limits.maxExtensionDays;
  }

  private get deployment(): Deployment {
    return this.directory.deployment;
  }

  async create(tx: EntityManager, resident: Resident, chatId: string, draft: Draft & { categoryId: string }): Promise<Case> {
    const now = this.clock.now();
    const communityId = draft.communityId || null;
    const { departmentId, cadreId } = route(this.directory, draft.categoryId, communityId);
    const policy = { categoryId: draft.categoryId, urgent: draft.urgent };
    const c = tx.create(Case, {
      number: await issueCaseNumber(tx, this.deployment.caseNumberPrefix, this.deployment.timezone, now),
      residentId: resident.id,
      channel: resident.channel,
      chatId,
      text: draft.texts.join("\n"),
      photos: draft.photos,
      location: draft.location,
      categoryId: draft.categoryId,
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
      reviewCount: 0,
      residentNotifiedAt: now,
      updatedAt: now,
    });
    await tx.save(c);
    const event = await this.record(tx, c, { kind: "resident", residentId: resident.id }, "created", null, null);
    await this.notifier.caseChanged(tx, c, event, { resident });
    await planNewReminders(tx, c, now, this.deployment.reminders);
    this.logger?.info("case filed", { case: c.number, department: c.departmentId, urgent: c.urgent });
    return c;
  }

  /** Locks the case row until the transaction ends, so concurrent actions apply one after another. */
  async lock(tx: EntityManager, where: { id: number } | { number: string }): Promise<Case | null> {
    return tx.findOne(Case, { where, lock: { mode: "pessimistic_write" } });
  }

  async apply(tx: EntityManager, c: Case, action: CaseAction, actor: Actor): Promise<ApplyResult> {
    const next = nextState(c.state, action);
    if (next === null) return { ok: false, reason: "not_allowed" };
    const refusal = this.refusal(c, action, actor);
    if (refusal) return { ok: false, reason: refusal };

    const now = this.clock.now();
    const fromDepartment = c.departmentId;
    const accept = () => {
      if (c.acceptedAt) return;
      c.acceptedAt = now;
      c.finishDueAt = this.limits.finishDue(now, c);
    };
    let body: string | null = null;
    let data: CaseEvent["data"] = { department: c.departmentId };

    switch (action.type) {
      case "accept":
        accept();
        break;
      case "reply":
        body = action.text;
        accept();
        c.firstAnswerAt ??= now;
        break;
      case "reject":
        body = action.reason;
        c.closedAt = now;
        break;
      case "transfer":
        body = action.reason ?? null;
        c.departmentId = action.departmentId;
        c.cadreId = responsibleCadre(this.directory, action.departmentId, c.communityId).id;
        // The new department decides afresh, with fresh time to do so.
        c.acceptedAt = null;
        c.finishDueAt = null;
        c.acceptDueAt = this.limits.acceptDue(now, c);
        if (!c.firstAnswerAt) c.answerDueAt = this.limits.firstAnswerDue(now, c);
        data = { department: action.departmentId, from: fromDepartment, to: action.departmentId };
        break;
      case "resolve":
        body = action.text;
        accept();
        c.firstAnswerAt ??= now;
        c.resolvedAt = now;
        break;
      case "note":
        body = action.text;
        break;
      case "rate":
        c.rating = action.rating;
        data = { department: c.departmentId, rating: action.rating };
        if (next === "closed") c.closedAt = now;
        else data = { ...data, ...this.reopen(c, this.limits.finishDue(now, c)) };
        break;
      case "withdraw":
        c.closedAt = now;
        break;
      case "extend_request":
        body = action.reason;
        c.extensionState = "requested";
        c.extensionDays = action.days;
        c.extensionReason = action.reason;
        data = { department: c.departmentId, days: action.days };
        break;
      case "extend_approve":
        c.extensionState = "approved";
        body = c.extensionReason;
        c.finishDueAt = new Date((c.finishDueAt ?? now).getTime() + (c.extensionDays ?? 0) * 86_400_000);
        data = { department: c.departmentId, days: c.extensionDays };
        break;
      case "extend_deny":
        c.extensionState = "denied";
        body = action.reason;
        break;
      case "review":
        body = action.reason;
        c.reviewCount += 1;
        data = { ...data, ...this.reopen(c, this.limits.reviewDue(now)) };
        break;
      case "close_unrated":
        c.closedAt = now;
        break;
      case "reassign": {
        // The state and the deadlines stay: the department still owes the resident the same answer.
        const from = c.cadreId;
        c.cadreId = responsibleCadre(this.directory, c.departmentId, c.communityId).id;
        data = { department: c.departmentId, from, to: c.cadreId };
        break;
      }
    }
    c.state = next;
    c.updatedAt = now;
    const event = await this.record(tx, c, actor, action.type, body, data);
    if (event.public) c.residentNotifiedAt = now;
    await tx.save(c);
    await this.notifier.caseChanged(tx, c, event, { transferredFrom: this.directory.nameOf("department", fromDepartment) });
    await replanReminders(tx, c, now, this.deployment.reminders);
    this.logger?.info("case changed", { case: c.number, action: action.type, by: actor.kind === "cadre" ? actor.cadre.id : actor.kind, state: c.state });
    return { ok: true, case: c };
  }

  /** Rules beyond the state table: the one extension within the legal bound, supervisors decide, the review window. */
  private refusal(c: Case, action: CaseAction, actor: Actor): Refusal | null {
    const supervisor = actor.kind === "cadre" && actor.cadre.role === "supervisor";
    switch (action.type) {
      case "extend_request":
        if (c.extensionState === "approved") return "extension_used";
        if (c.extensionState === "requested") return "extension_pending";
        if (action.days < 1 || action.days > this.limits.maxExtensionDays) return "extension_too_long";
        return null;
      case "extend_approve":
      case "extend_deny":
        if (!supervisor) return "not_a_supervisor";
        return c.extensionState === "requested" ? null : "no_extension_requested";
      case "review":
        return c.resolvedAt && this.limits.reviewOpen(c.resolvedAt, this.clock.now()) ? null : "review_window_closed";
      case "reassign":
        // Only at start, and only a case whose cadre left: run twice (two instances), the second finds nothing to do.
        return actor.kind === "system" && !this.directory.isCadreOf(c.departmentId, c.cadreId) ? null : "not_allowed";
      default:
        return null;
    }
  }

  /**
   * Back to work (重办 or 复查) with a new finish deadline; the resolution no longer stands. A cadre
   * who has left since (resolved cases are not reassigned at start) is replaced, so the reopened
   * case has someone to answer for it; the event's data says who was replaced.
   */
  private reopen(c: Case, finishDueAt: Date): { reassignedFrom: string } | null {
    c.resolvedAt = null;
    c.closedAt = null;
    c.finishDueAt = finishDueAt;
    if (this.directory.isCadreOf(c.departmentId, c.cadreId)) return null;
    const from = c.cadreId;
    c.cadreId = responsibleCadre(this.directory, c.departmentId, c.communityId).id;
    return { reassignedFrom: from };
  }

  private async record(tx: EntityManager, c: Case, actor: Actor, type: CaseEvent["type"], body: string | null, data: CaseEvent["data"]): Promise<CaseEvent> {
    const actorKind: ActorKind = actor.kind;
    const actorId = actor.kind === "cadre" ? actor.cadre.id : actor.kind === "resident" ? String(actor.residentId) : null;
    // A reassignment is the department's own business: residents see departments act, not people.
    const internal: CaseEvent["type"][] = ["note", "extend_request", "extend_deny", "reassign"];
    return tx.save(
      tx.create(CaseEvent, { caseId: c.id, at: this.clock.now(), type, actorKind, actorId, public: !internal.includes(type), body, data }),
    );
  }
}
