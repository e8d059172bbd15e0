import type { CaseRecord, CaseEventRecord } from "./case-record";
import type { Tx } from "../db/tx";
import type { Attachment, GeoLocation, Mention, OutboundMessage, TraitsOf } from "../channels/port";
import type { Cadre } from "../config/schema";
import type { Resident } from "../db/entities/resident";
import { findById as findResident } from "../db/repositories/resident-repository";
import { casesMergedInto } from "../db/repositories/case-repository";
import { enqueue, type ChatRef } from "../outbox/enqueue";
import type { Directory } from "../config/directory";
import { textsFor, type Texts } from "../texts";
import type { CaseView, NudgeStage } from "../texts/texts";
import { maskPersonalData } from "./personal-data";
import { specOf } from "./actions";
import { ratePrompt } from "./actions/resolve";
import type { Messages } from "./actions/spec";
import { reachOf } from "./resident-reach";
import type { Views } from "./views";
import { emergencyKinds } from "../vocabulary/emergency-kinds";
import { accuses, viewerOf } from "./authority";

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

  /**
   * The messages a timeline event causes: a new case's receipt and card here, every action's in
   * its spec (./actions/), which says to whom, never through which chat.
   * `resident`: the case's resident, when the caller has them at hand; `transferredFrom`: the department a transfer came from.
   */
  async caseChanged(tx: Tx, c: CaseRecord, event: CaseEventRecord, known: { resident?: Resident; transferredFrom?: string } = {}): Promise<void> {
    if (event.type === "created") {
      const toResident = await this.residentSender(tx, c, event.at, known.resident);
      const t = toResident.texts;
      await toResident.send({ text: t.receipt(this.views.caseView(t, c)) });
      if (c.urgent) await toResident.send({ text: this.emergencyAdvice(t, event) });
      await this.postCard(tx, c, event.at, this.sameMatterLine(c, event));
      return;
    }
    const messages = specOf(event.type).messages;
    if (!messages) return;
    await messages(this.messagesFor(tx, c, event, known.resident), c, event, { transferredFrom: known.transferredFrom ?? "" });
  }

  /** The card's warning that another resident's open case may be the same matter (recorded with the filing). */
  private sameMatterLine(c: CaseRecord, created: CaseEventRecord): string | null {
    const { sameAs, people } = created.data ?? {};
    return typeof sameAs === "string" && typeof people === "number" ? this.groupTexts.possiblySame(sameAs, people, c.number) : null;
  }

  /** What a spec may send, bound to this case and transaction. */
  private messagesFor(tx: Tx, c: CaseRecord, event: CaseEventRecord, known?: Resident): Messages {
    const now = event.at;
    return {
      g: this.groupTexts,
      views: this.views,
      directory: this.directory,
      toResident: async (make) => {
        // The residents of the cases merged into this one hear what the cadres and the service do
        // with it; what a resident does (rating, adding words) is answered to them alone: the
        // case's own, or one whose case was merged into it (they added to the matter).
        if (event.actorKind === "resident" && event.actorId !== String(c.residentId)) {
          const theirs = (await casesMergedInto(tx, c.id)).findLast((m) => String(m.residentId) === event.actorId);
          if (theirs) await this.toMergedResident(tx, c, theirs, now, make);
          return;
        }
        const resident = await this.residentSender(tx, c, now, known);
        const drafts = make({ texts: resident.texts, view: resident.view, tap: resident.tap, mergedFrom: null });
        for (const draft of Array.isArray(drafts) ? drafts : [drafts]) await resident.send(draft);
        if (event.actorKind === "resident") return;
        for (const merged of await casesMergedInto(tx, c.id)) await this.toMergedResident(tx, c, merged, now, make);
      },
      card: (extraLine) => this.postCard(tx, c, now, extraLine),
      toGroups: (make) => this.toGroups(tx, c, now, (chat) => make((cadre) => mention(cadre, chat))),
      attachmentsToGroups: (photos, location) => this.attachmentsToGroups(tx, c, now, photos, location),
      toSupervisors: (message) => this.toSupervisors(tx, c, now, message),
      toDepartment: async (departmentId, message) => {
        for (const chat of this.groupsOfDepartment(departmentId)) await this.toCadreChat(tx, chat, message, c, now);
      },
      toCadre: async (cadre, privately, inGroup) => {
        const reachable = Object.entries(cadre.accounts)
          .map(([channel, chatId]) => ({ channel, chatId }) as ChatRef)
          .filter((chat) => this.traitsOf(chat.channel).on !== false);
        if (reachable.length > 0) {
          for (const chat of reachable) await this.toCadreChat(tx, chat, privately, c, now);
          return;
        }
        await this.toGroups(tx, c, now, (chat) => inGroup(mention(cadre, chat)));
      },
    };
  }

  /** The resident of case `merged`, merged into `c`: about `c`, in their own chat and language. */
  private async toMergedResident(tx: Tx, c: CaseRecord, merged: CaseRecord, now: Date, make: Parameters<Messages["toResident"]>[0]): Promise<void> {
    const theirs = await this.residentSender(tx, merged, now);
    const drafts = make({ texts: theirs.texts, view: this.views.caseView(theirs.texts, c), tap: theirs.tap, mergedFrom: this.views.caseView(theirs.texts, merged) });
    for (const draft of Array.isArray(drafts) ? drafts : [drafts]) await theirs.send(draft);
  }

  /** What to do now, by the emergency's kind as the filing recorded it (the gas company's line from the configuration). */
  private emergencyAdvice(t: Texts, created: CaseEventRecord): string {
    const kind = emergencyKinds.find((k) => k === created.data?.emergency) ?? null;
    const line = this.directory.deployment.emergencies.find((e) => e.kind === kind)?.line ?? null;
    return t.emergencyAdvice(kind, line);
  }

  /** Asking for a rating, with a button per mark where the resident's chat has buttons. */
  ratePrompt(t: Texts, c: CaseRecord, text: string): Draft {
    return ratePrompt({ texts: t, tap: reachOf(c, this.traitsOf).buttons }, c.number, text);
  }

  /** A reminder to the responsible cadre in the department's groups; when overdue, also to the supervisors (督办). */
  async nudge(tx: Tx, c: CaseRecord, stage: NudgeStage, now: Date): Promise<void> {
    const g = this.groupTexts;
    const view = this.views.groupCaseView(g, c);
    const cadre = this.directory.cadre(c.cadreId);
    await this.toGroups(tx, c, now, (chat) => ({ text: g.nudge(view, stage, `@${cadre.name}`), mentions: mention(cadre, chat), alarm: c.urgent }));
    if (stage.endsWith("overdue")) await this.toSupervisors(tx, c, now, { text: g.escalation(view, stage, cadre.name), alarm: true });
  }

  /** To the resident, in their language: "still being handled", a rating reminder. */
  async toResident(tx: Tx, c: CaseRecord, now: Date, make: (t: Texts, view: CaseView) => Draft, known?: Resident): Promise<void> {
    const resident = await this.residentSender(tx, c, now, known);
    await resident.send(make(resident.texts, resident.view));
  }

  /** The department's supervisors in private (all supervisors if it has none), and the supervisors' group. */
  private async toSupervisors(tx: Tx, c: CaseRecord, now: Date, message: Draft): Promise<void> {
    const all = this.directory.deployment.cadres.filter((x) => x.role === "supervisor");
    const own = all.filter((x) => x.department === c.departmentId);
    const people = own.length > 0 ? own : all;
    const chats: ChatRef[] = [
      ...people.flatMap((p) => Object.entries(p.accounts).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef)),
      ...Object.entries(this.directory.deployment.supervisorsGroup).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef),
    ];
    for (const chat of chats) await this.toCadreChat(tx, chat, message, c, now);
  }

  private async residentSender(tx: Tx, c: CaseRecord, now: Date, known?: Resident) {
    const resident = known?.id === c.residentId ? known : await findResident(tx, c.residentId);
    const texts = textsFor(resident.locale, c.channel);
    const reach = reachOf(c, this.traitsOf);
    return {
      texts,
      view: this.views.caseView(texts, c),
      tap: reach.buttons,
      send: async (message: Draft): Promise<void> => {
        // No chat (see resident-reach.ts): nothing to queue; the step is in the timeline the API reads.
        if (reach.chat) await enqueue(tx, reach.chat, message, c.id, now);
      },
    };
  }

  /** The card, then its photos and location, to every group of the case's department. */
  private async postCard(tx: Tx, c: CaseRecord, now: Date, extraLine: string | null): Promise<void> {
    const g = this.groupTexts;
    const cadre = this.directory.cadre(c.cadreId);
    const view = this.views.groupCaseView(g, c);
    const location = c.location ? `\n${g.locationLine(c.location.latitude, c.location.longitude)}` : "";
    await this.toGroups(tx, c, now, (chat) => ({
      text: `${g.card(view, `@${cadre.name}`)}${location}${extraLine ? `\n${extraLine}` : ""}\n——\n${g.cardHint(this.traitsOf(chat.channel).quoteReplies)}`,
      mentions: mention(cadre, chat),
      alarm: c.urgent,
    }));
    await this.attachmentsToGroups(tx, c, now, c.photos, null);
  }

  /** Each photo to the groups on the channel it was sent on (a file id means nothing elsewhere), the others counted; then the place. */
  private async attachmentsToGroups(tx: Tx, c: CaseRecord, now: Date, photos: readonly Attachment[], location: GeoLocation | null): Promise<void> {
    const g = this.groupTexts;
    for (const chat of this.groupsOf(c)) {
      const here = photos.filter((p) => p.channel === chat.channel);
      for (const photo of here) await this.toCadreChat(tx, chat, { text: g.photoCaption(c.number), photo }, c, now);
      if (here.length < photos.length) await this.toCadreChat(tx, chat, { text: g.photoOnOtherChannel(c.number, photos.length - here.length) }, c, now);
      if (location) await this.toCadreChat(tx, chat, { text: `${c.number} ${g.locationLine(location.latitude, location.longitude)}` }, c, now);
    }
  }

  private async toGroups(tx: Tx, c: CaseRecord, now: Date, make: (chat: ChatRef) => Draft): Promise<void> {
    for (const chat of this.groupsOf(c)) await this.toCadreChat(tx, chat, make(chat), c, now);
  }

  /**
   * Every message for a department's group, the supervisors or a cadre's private chat leaves the
   * notifier here, and here the personal data in it is masked. The finished text is masked, not each
   * field, because what a template puts into it is more than the appeal: the resident's reason for a
   * review, a cadre's reason for a transfer, an extension or a refusal, and whatever a new template
   * adds tomorrow. (The appeal itself comes masked from `Views.groupCaseView`, before templates cut it.)
   */
  private async toCadreChat(tx: Tx, chat: ChatRef, draft: Draft, c: CaseRecord, now: Date): Promise<void> {
    if (this.keptFrom(c, chat)) return;
    await enqueue(tx, chat, { ...draft, text: this.masked(draft.text) }, c.id, now);
  }

  /**
   * Whether a report (信访工作条例 Art. 30) must not reach this chat: a group of the department it
   * accuses, the private chat of one of that department's cadres or of the cadre it names, or the
   * shared supervisors' group, whose members the service does not know (the supervisors who may see
   * it hear in private). Checked here, where every cadre-side message leaves, so no card, reminder,
   * escalation or notice of any action can miss it.
   */
  private keptFrom(c: CaseRecord, chat: ChatRef): boolean {
    if (c.accusedDepartmentId === null) return false;
    const { deployment } = this.directory;
    if (deployment.supervisorsGroup[chat.channel] === chat.chatId) return true;
    if (this.groupsOfDepartment(c.accusedDepartmentId).some((g) => g.channel === chat.channel && g.chatId === chat.chatId)) return true;
    return deployment.cadres.some((x) => x.accounts[chat.channel] === chat.chatId && accuses(c, viewerOf(x)));
  }

  /**
   * maskPersonalData, once per text rather than once per chat: a nudge or a card goes to each of
   * the department's groups and the supervisors' chats with the same words (the reminder sweep
   * masked each of them again, 45 ms of a sweep of a thousand).
   */
  private masked(text: string): string {
    if (this.lastMasked?.text !== text) this.lastMasked = { text, masked: maskPersonalData(text) };
    return this.lastMasked.masked;
  }

  private lastMasked: { text: string; masked: string } | null = null;

  /** The department's groups; without any, the responsible cadre's private chats, so the case still reaches someone. */
  private groupsOf(c: CaseRecord): ChatRef[] {
    const groups = this.groupsOfDepartment(c.departmentId);
    if (groups.length > 0) return groups;
    return Object.entries(this.directory.cadre(c.cadreId).accounts).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef);
  }

  private groupsOfDepartment(departmentId: string): ChatRef[] {
    const groups = this.directory.departments.find((d) => d.id === departmentId)?.groups ?? {};
    return Object.entries(groups).map(([channel, chatId]) => ({ channel, chatId }) as ChatRef);
  }
}

function mention(cadre: Cadre, chat: ChatRef): Mention[] | undefined {
  const accountId = cadre.accounts[chat.channel];
  return accountId ? [{ text: `@${cadre.name}`, accountId }] : undefined;
}
