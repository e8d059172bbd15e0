import type { EntityManager } from "typeorm";
import type { Clock } from "../clock";
import type { Cadre, Deployment } from "../config/schema";
import { Case } from "../db/entities/case";
import { CaseEvent, type ActorKind } from "../db/entities/case-event";
import type { Resident } from "../db/entities/resident";
import type { Draft } from "../intake/draft";
import { responsibleCadre, route } from "../routing/assign";
import type { Directory } from "../routing/directory";
import { issueCaseNumber } from "./case-number";
import { answerDue } from "./deadlines";
import type { Notifier } from "./notifier";
import { nextState, type CaseAction } from "./state-machine";

export type Actor = { kind: "resident"; residentId: number } | { kind: "cadre"; cadre: Cadre } | { kind: "system" };

export type ApplyResult = { ok: true; case: Case } | { ok: false; reason: "not_allowed" };

/**
 * The one place a case is created or changed: it checks the transition, writes the timeline
 * event and queues the messages the change causes, all in the caller's transaction.
 */
export class CaseService {
  constructor(
    private readonly directory: Directory,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  private get deployment(): Deployment {
    return this.directory.deployment;
  }

  async create(tx: EntityManager, resident: Resident, chatId: string, draft: Draft & { categoryId: string }): Promise<Case> {
    const now = this.clock.now();
    const communityId = draft.communityId || null;
    const { departmentId, cadreId } = route(this.directory, draft.categoryId, communityId);
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
      answerDueAt: answerDue(now, draft.urgent, this.deployment),
      updatedAt: now,
    });
    await tx.save(c);
    const event = await this.record(tx, c, { kind: "resident", residentId: resident.id }, "created", null, null);
    await this.notifier.caseChanged(tx, c, event);
    return c;
  }

  /** Locks the case row until the transaction ends, so concurrent actions apply one after another. */
  async lock(tx: EntityManager, where: { id: number } | { number: string }): Promise<Case | null> {
    return tx.findOne(Case, { where, lock: { mode: "pessimistic_write" } });
  }

  async apply(tx: EntityManager, c: Case, action: CaseAction, actor: Actor): Promise<ApplyResult> {
    const next = nextState(c.state, action);
    if (next === null) return { ok: false, reason: "not_allowed" };
    const now = this.clock.now();
    const fromDepartment = c.departmentId;
    let body: string | null = null;
    let data: CaseEvent["data"] = { department: c.departmentId };

    switch (action.type) {
      case "accept":
        c.acceptedAt ??= now;
        break;
      case "reply":
        body = action.text;
        c.acceptedAt ??= now;
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
        c.acceptedAt = null;
        data = { department: action.departmentId, from: fromDepartment, to: action.departmentId };
        break;
      case "resolve":
        body = action.text;
        c.acceptedAt ??= now;
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
        else c.resolvedAt = null;
        break;
      case "withdraw":
        c.closedAt = now;
        break;
    }
    c.state = next;
    c.updatedAt = now;
    await tx.save(c);
    const event = await this.record(tx, c, actor, action.type, body, data);
    await this.notifier.caseChanged(tx, c, event, this.directory.department(fromDepartment).name);
    return { ok: true, case: c };
  }

  private async record(tx: EntityManager, c: Case, actor: Actor, type: CaseEvent["type"], body: string | null, data: CaseEvent["data"]): Promise<CaseEvent> {
    const actorKind: ActorKind = actor.kind;
    const actorId = actor.kind === "cadre" ? actor.cadre.id : actor.kind === "resident" ? String(actor.residentId) : null;
    return tx.save(
      tx.create(CaseEvent, { caseId: c.id, at: this.clock.now(), type, actorKind, actorId, public: type !== "note", body, data }),
    );
  }
}
