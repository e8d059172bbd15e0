import type { EntityManager } from "typeorm";
import type { Mention, OutboundMessage, TraitsOf } from "../channels/port";
import type { Cadre } from "../config/schema";
import type { Case } from "../db/entities/case";
import type { CaseEvent } from "../db/entities/case-event";
import { Resident } from "../db/entities/resident";
import { enqueue, type ChatRef } from "../outbox/enqueue";
import type { Directory } from "../routing/directory";
import { textsFor, type Texts } from "../texts";
import type { CaseView, NudgeStage } from "../texts/texts";
import { maskPersonalData } from "./personal-data";
import type { Views } from "./views";

type Draft = Omit<OutboundMessage, "chatId">;

/**
 * Turns a timeline event into the messages it causes, queued in the same transaction:
 * the resident hears of every step in their own chat; the department's group gets the cards.
 * Group messages never carry anything about the resident but the case itself.
 */
export class Notifier {
  constructor(
    private readonly directory: Directory,
    private readonly views: Views,
    private readonly traitsOf: TraitsOf,
  ) {}

  private get groupTexts(): Texts {
    return textsFor(this.directory.deployment.locale);
  }

  /** `resident`: the case's resident, when the caller has them at hand; `transferredFrom`: the department a transfer came from. */
  async caseChanged(tx: EntityManager, c: Case, event: CaseEvent, known: { resident?: Resident; transferredFrom?: string } = {}): Promise<void> {
    const { transferredFrom } = known;
    const toResident = await this.residentSender(tx, c, event.at, known.resident);
    const g = this.groupTexts;
    switch (event.type) {
      case "created": {
        const t = toResident.texts;
        await toResident.send({ text: t.receipt(this.views.caseView(t, c)) });
        if (c.urgent) await toResident.send({ text: t.urgentAdvice });
        await this.postCard(tx, c, event.at, null);
        return;
      }
      case "accept":
        return toResident.send({ text: toResident.texts.acceptedUpdate(toResident.view) });
      case "reply":
        return toResident.send({ text: toResident.texts.replyUpdate(toResident.view, event.body ?? "") });
      case "reject":
        return toResident.send({ text: toResident.texts.rejectedUpdate(toResident.view, event.body ?? "") });
      case "transfer":
        await toResident.send({ text: toResident.texts.transferredUpdate(toResident.view) });
        await this.postCard(tx, c, event.at, g.transferredIn(c.number, transferredFrom ?? "", event.body));
        return;
      case "resolve": {
        const t = toResident.texts;
        await toResident.send({ text: t.resolvedUpdate(toResident.view, event.body ?? "") });
        await toResident.send(this.ratePrompt(t, c, t.ratePrompt(c.number, this.canTap(c))));
        return;
      }
      case "rate": {
        const rating = c.rating ?? 0;
        await toResident.send({ text: toResident.texts.ratingThanks(c.number, rating) });
        const cadre = this.directory.cadre(c.cadreId);
        if (c.state === "in_progress") {
          await this.toGroups(tx, c, event.at, (chat) => ({ text: g.reopenedNotice(c.number, rating, `@${cadre.name}`), mentions: mention(cadre, chat), alarm: true }));
          await toResident.send({ text: toResident.texts.reopenedUpdate(toResident.view) });
        } else {
          await this.toGroups(tx, c, event.at, () => ({ text: g.ratedNotice(c.number, rating) }));
        }
        return;
      }
      case "withdraw":
        await toResident.send({ text: toResident.texts.withdrawn(c.number) });
        await this.toGroups(tx, c, event.at, () => ({ text: g.withdrawnNotice(c.number) }));
        return;
      case "extend_request": {
        const cadre = event.actorId ? this.directory.cadre(event.actorId).name : "";
        const text = g.extensionRequested(this.views.groupCaseView(g, c), cadre, c.extensionDays ?? 0, event.body ?? "");
        await this.toSupervisors(tx, c, event.at, { text });
        return;
      }
      case "extend_approve":
        await toResident.send({ text: toResident.texts.extensionApprovedUpdate(toResident.view, c.extensionDays ?? 0, c.extensionReason ?? "") });
        await this.toGroups(tx, c, event.at, () => ({ text: g.extensionApprovedNotice(this.views.groupCaseView(g, c), c.extensionDays ?? 0) }));
        return;
      case "extend_deny":
        await this.toGroups(tx, c, event.at, () => ({ text: g.extensionDeniedNotice(c.number, event.body ?? "") }));
        return;
      case "review": {
        await toResident.send({ text: toResident.texts.reviewOpened(toResident.view) });
        const cadre = this.directory.cadre(c.cadreId);
        await this.toGroups(tx, c, event.at, (chat) => ({
          text: g.reviewNotice(this.views.groupCaseView(g, c), `@${cadre.name}`, event.body ?? ""),
          mentions: mention(cadre, chat),
        }));
        return;
      }
      case "close_unrated":
        await toResident.send({ text: toResident.texts.closedUnrated(c.number) });
        await this.toGroups(tx, c, event.at, () => ({ text: g.closedUnratedNotice(c.number) }));
        return;
      case "reassign": {
        // The resident's case keeps its department and deadlines: only the group hears, and the new cadre is mentioned.
        const cadre = this.directory.cadre(c.cadreId);
        const from = typeof event.data?.from === "string" ? this.views.cadreName(g, event.data.from) : "";
        await this.toGroups(tx, c, event.at, (chat) => ({ text: g.reassignedNotice(c.number, from, `@${cadre.name}`), mentions: mention(cadre, chat) }));
        return;
      }
      case "note":
        return;
    }
  }

  /** Asking for a rating, with a button per mark where the channel has buttons. */
  ratePrompt(t: Texts, c: Case, text: string): Draft {
    if (!this.canTap(c)) return { text };
    return { text, buttons: [t.ratingLabels.map((label, i) => ({ label, data: `rate:${c.number}:${i + 1}` }))] };
  }

  /** Whether the resident's channel shows buttons (residents filed for through the API have no chat). */
  private canTap(c: Case): boolean {
    return c.channel !== "api" && this.traitsOf(c.channel).buttons;
  }

  /** A reminder to the responsible cadre in the department's groups; when overdue, also to the supervisors (督办). */
  async nudge(tx: EntityManager, c: Case, stage: NudgeStage, now: Date): Promise<void> {
    const g = this.groupTexts;
    const view = this.views.groupCaseView(g, c);
    const cadre = this.directory.cadre(c.cadreId);
    await this.toGroups(tx, c, now, (chat) => ({ text: g.nudge(view, stage, `@${cadre.name}`), mentions: mention(cadre, chat), alarm: c.urgent }));
    if (stage.endsWith("overdue")) await this.toSupervisors(tx, c, now, { text: g.escalation(view, stage, cadre.name), alarm: true });
  }

  /** To the resident, in their language: "still being handled", a rating reminder. */
  async toResident(tx: EntityManager, c: Case, now: Date, make: (t: Texts, view: CaseView) => Draft, known?: Resident): Promise<void> {
    const resident = await this.residentSender(tx, c, now, known);
    await resident.send(make(resident.texts, resident.view));
  }

  /** The department's supervisors in private (all supervisors if it has none), and the supervisors' group. */
  private async toSupervisors(tx: EntityManager, c: Case, now: Date, message: Draft): Promise<void> {
    const all = this.directory.deployment.cadres.filter((x) => x.role === "supervisor");
    const own = all.filter((x) => x.department === c.departmentId);
    const people = own.length > 0 ? own : all;
    const chats: ChatRef[] = [
      ...people.flatMap((p) => Object.entries(p.accounts).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef)),
      ...Object.entries(this.directory.deployment.supervisorsGroup).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef),
    ];
    for (const chat of chats) await this.toCadreChat(tx, chat, message, c, now);
  }

  private async residentSender(tx: EntityManager, c: Case, now: Date, known?: Resident) {
    const resident = known?.id === c.residentId ? known : await tx.findOneByOrFail(Resident, { id: c.residentId });
    const texts = textsFor(resident.locale);
    return {
      texts,
      view: this.views.caseView(texts, c),
      send: async (message: Draft): Promise<void> => {
        // Filed through the open API: the resident has no chat with the bot, and the system
        // that filed reads every step back from the API instead.
        if (c.channel === "api") return;
        await enqueue(tx, { channel: c.channel, chatId: c.chatId }, message, c.id, now);
      },
    };
  }

  /** The card, then its photos and location, to every group of the case's department. */
  private async postCard(tx: EntityManager, c: Case, now: Date, extraLine: string | null): Promise<void> {
    const g = this.groupTexts;
    const cadre = this.directory.cadre(c.cadreId);
    const view = this.views.groupCaseView(g, c);
    const location = c.location ? `\n${g.locationLine(c.location.latitude, c.location.longitude)}` : "";
    await this.toGroups(tx, c, now, (chat) => ({
      text: `${g.card(view, `@${cadre.name}`)}${location}${extraLine ? `\n${extraLine}` : ""}\n——\n${g.cardHint(this.traitsOf(chat.channel).quoteReplies)}`,
      mentions: mention(cadre, chat),
      alarm: c.urgent,
    }));
    for (const chat of this.groupsOf(c)) {
      const here = c.photos.filter((p) => p.channel === chat.channel);
      for (const photo of here) await this.toCadreChat(tx, chat, { text: g.photoCaption(c.number), photo }, c, now);
      if (here.length < c.photos.length) await this.toCadreChat(tx, chat, { text: g.photoOnOtherChannel(c.number, c.photos.length - here.length) }, c, now);
    }
  }

  private async toGroups(tx: EntityManager, c: Case, now: Date, make: (chat: ChatRef) => Draft): Promise<void> {
    for (const chat of this.groupsOf(c)) await this.toCadreChat(tx, chat, make(chat), c, now);
  }

  /**
   * Every message for a department's group, the supervisors or a cadre's private chat leaves the
   * notifier here, and here the personal data in it is masked. The finished text is masked, not each
   * field, because what a template puts into it is more than the appeal: the resident's reason for a
   * review, a cadre's reason for a transfer, an extension or a refusal, and whatever a new template
   * adds tomorrow. (The appeal itself comes masked from `Views.groupCaseView`, before templates cut it.)
   */
  private async toCadreChat(tx: EntityManager, chat: ChatRef, draft: Draft, c: Case, now: Date): Promise<void> {
    await enqueue(tx, chat, { ...draft, text: maskPersonalData(draft.text) }, c.id, now);
  }

  /** The department's groups; without any, the responsible cadre's private chats, so the case still reaches someone. */
  private groupsOf(c: Case): ChatRef[] {
    const groups = Object.entries(this.directory.department(c.departmentId).groups).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef);
    if (groups.length > 0) return groups;
    return Object.entries(this.directory.cadre(c.cadreId).accounts).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef);
  }
}

function mention(cadre: Cadre, chat: ChatRef): Mention[] | undefined {
  const accountId = cadre.accounts[chat.channel];
  return accountId ? [{ text: `@${cadre.name}`, accountId }] : undefined;
}
