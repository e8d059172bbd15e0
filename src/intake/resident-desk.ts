import type { ChannelName, ContactAddedEvent, InboundMessage, OutboundMessage, TraitsOf } from "../channels/port";
import type { Clock } from "../clock";
import type { CaseService } from "../cases/case-service";
import type { Views } from "../cases/views";
import { caseOfResident, casesOfResident, countFiledSince, latestResolvedOfResident, openLeadOf } from "../db/repositories/case-repository";
import { caseTimeline } from "../db/repositories/case-event-repository";
import type { Tx } from "../db/tx";
import { findConversation, saveConversation } from "./conversations";
import type { SavedConversation } from "../db/repositories/conversation-repository";
import type { Resident } from "../db/entities/resident";
import { enqueue } from "../outbox/enqueue";
import { looksLikeCommand } from "../commands/parse";
import type { Directory } from "../config/directory";
import type { Locale } from "../config/schema";
import { localeFromLanguageCode, textsFor, type Texts } from "../texts";
import { advance, type DialogueContext, type DialogueInput, type DialogueOutcome, type DialogueState } from "./dialogue";
import { reportOf } from "../routing/reports";
import { emptyDraft } from "./draft";
import type { ParsedCommand } from "../commands/parse";
import { registerResident } from "./register-resident";
import { parseResidentCommand, type ResidentCommandName } from "../commands/resident-commands";
import { isOpen } from "../cases/state-machine";
import { durationMs } from "../cases/time-limits";
import { nextReviewStage } from "../cases/actions/review";
import type { CaseRecord } from "../cases/case-record";
import type { Draft } from "../vocabulary/draft";
import type { Accusation, CaseToCompare, Understanding } from "../understanding";

type Say = (message: Omit<OutboundMessage, "chatId">, caseId?: number | null) => Promise<void>;

const idle = (): DialogueState => ({ step: "idle", draft: emptyDraft() });

/**
 * What the desk reads about the sender before it answers, read beforehand for a batch of
 * messages in one statement (the group commit in src/inbound/) instead of a statement each. The
 * batch holds at most one message per resident, so none of it changes before the desk uses it.
 */
export interface KnownSender {
  resident: Resident;
  isNew: boolean;
  conversation: SavedConversation | null;
  /** Cases they filed in the hour before the batch began (the hourly appeal limit). */
  appealsInLastHour: number;
  /** Whether any of their cases is open or merged into another's: if none, a new appeal has nothing to be compared with. */
  hasOpenCases: boolean;
  /** Whether any of their cases has been through its review and re-review: if none, nothing is 不再受理. */
  hasSettledCases: boolean;
}

/** What registering a sender needs: their account, the name they show and their language. */
export interface SenderFields {
  channel: ChannelName;
  accountId: string;
  displayName: string | null;
  locale: Locale;
}

/** A resident's private chat with the bot: the intake dialogue and the resident's commands. */
export class ResidentDesk {
  /** What the dialogue needs of the reports' rule (src/routing/reports.ts): their category, and who receives one. The deployment's, so made once. */
  private readonly reports: DialogueContext["reports"];

  constructor(
    private readonly directory: Directory,
    private readonly cases: CaseService,
    private readonly views: Views,
    private readonly clock: Clock,
    private readonly traitsOf: TraitsOf,
    private readonly understanding: Understanding,
  ) {
    this.reports = reportsOfDialogue(directory);
  }

  /** Answers one message of a resident; `known`: what a batch read about them beforehand (else it is read here). */
  async handle(tx: Tx, msg: InboundMessage, known?: KnownSender): Promise<void> {
    const { resident, isNew } = known ?? (await this.identify(tx, msg.channel, msg.sender));
    const t = textsFor(resident.locale, msg.channel);
    const now = this.clock.now();
    const say: Say = (m, caseId = null) => enqueue(tx, { channel: msg.channel, chatId: msg.chat.id }, m, caseId, now);
    const text = msg.text?.trim() ?? "";

    const command = text ? parseResidentCommand(text) : null;
    if (command?.name === "start") return say({ text: t.greeting(this.directory.deployment.name) });
    if (isNew) await say({ text: t.greeting(this.directory.deployment.name) });
    if (command && command.name !== "cancel") return this.command(tx, resident, t, command, say, msg.chat.id);
    if (!command && looksLikeCommand(text)) return say({ text: t.unknownCommand });

    if (msg.button?.startsWith("rate:")) return this.rateByButton(tx, resident, t, msg.button, say);

    const conversation = known ? known.conversation : await findConversation(tx, resident.id);
    let state: DialogueState = conversation ? { step: conversation.step, draft: conversation.draft } : idle();
    // Words go to the case just filed (or just reported again) for a while; after that they begin a new appeal.
    if (state.step === "supplement" && conversation && now.getTime() - conversation.updatedAt.getTime() > durationMs(this.directory.deployment.understanding.supplementFor)) state = idle();

    if (((state.step === "idle" && state.draft.texts.length === 0) || state.step === "supplement") && /^[1-5]$/.test(text)) {
      if (await this.rateLatest(tx, resident, Number(text))) return;
    }
    if (msg.unsupported && !text && !msg.photos?.length && !msg.location) return say({ text: t.unsupportedContent });

    const ctx = { texts: t, buttons: this.traitsOf(msg.channel).buttons, categories: this.directory.categories, communities: this.directory.communities, understanding: this.understanding, reports: this.reports };
    const input: DialogueInput = { text, button: msg.button, photos: msg.photos ?? [], location: msg.location, ...(msg.albumId ? { albumId: msg.albumId } : {}) };
    // A new appeal may be a matter this resident has reported already and is still open.
    const beginning = state.step === "idle" && state.draft.texts.length === 0 && text !== "";
    let outcome: DialogueOutcome = advance(state, { ...input, openCases: beginning && known?.hasOpenCases !== false ? await this.openMattersOf(tx, resident) : [] }, ctx);
    if (outcome.supplement) {
      const { number, text: words, repeat, photos, location, quiet } = outcome.supplement;
      const action = { type: "supplement", text: words, repeat, ...(photos ? { photos } : {}), ...(location ? { location } : {}), ...(quiet ? { quiet } : {}) } as const;
      const added = await this.cases.apply(tx, { number }, action, { kind: "resident", residentId: resident.id });
      // The case was closed in the meantime: then these words are a new appeal.
      if (!added.ok) outcome = advance(idle(), input, ctx);
    }
    if (outcome.submit && !outcome.submit.urgent && (known ? known.appealsInLastHour : await this.appealsInLastHour(tx, resident, now)) >= this.directory.deployment.limits.appealsPerHour) {
      // Kept as it is, waiting for confirmation: the resident only has to confirm later.
      outcome = { state, replies: [{ text: t.appealLimitReached(this.directory.deployment.limits.appealsPerHour) }] };
    }
    const settled = outcome.submit && !outcome.submit.urgent && known?.hasSettledCases !== false ? await this.settledMatterOf(tx, resident, outcome.submit) : null;
    if (settled) outcome = { state: idle(), replies: [{ text: t.refused("no_further_review", settled.number, this.cases.maxExtensionDays) }] };
    await saveConversation(tx, resident.id, { step: outcome.state.step, draft: outcome.state.draft }, now);
    for (const reply of outcome.replies) await say(reply);
    if (!outcome.submit) return;
    // The receipt (and an emergency's advice) and the card are queued by the case service, after the replies above.
    const c = await this.cases.create(tx, resident, msg.chat.id, outcome.submit);
    const after = outcome.afterFiling?.(c.number);
    if (!after) return;
    await saveConversation(tx, resident.id, { step: after.state.step, draft: after.state.draft }, now);
    for (const reply of after.replies) await say(reply);
  }

  /**
   * The resident's open matters, as a new appeal is compared with them: their open cases, and
   * those merged into another's open case (合并), which then takes the words (compared with their
   * own words and with the lead's).
   */
  private async openMattersOf(tx: Tx, resident: Resident): Promise<CaseToCompare[]> {
    const cases = await casesOfResident(tx, resident.id, 20);
    const matters: CaseToCompare[] = cases.filter((c) => isOpen(c.state));
    for (const merged of cases.filter((c) => c.state === "merged")) {
      const lead = await openLeadOf(tx, merged.id);
      if (!lead) continue;
      matters.push({ number: lead.number, text: merged.text, categoryId: merged.categoryId, communityId: merged.communityId });
      if (lead.residentId !== resident.id) matters.push(lead);
    }
    return matters;
  }

  /**
   * This resident's case on the same matter as the appeal, if one was reviewed and re-reviewed:
   * a new appeal on the same facts is not taken up (不再受理, 信访工作条例 Art. 36). An emergency
   * is always filed (the caller does not ask).
   */
  private async settledMatterOf(tx: Tx, resident: Resident, draft: Draft): Promise<CaseRecord | null> {
    const settled = (await casesOfResident(tx, resident.id, 20)).filter((c) => !isOpen(c.state) && nextReviewStage(c) === null);
    if (settled.length === 0) return null;
    return this.understanding.sameMatter(this.understanding.read(draft.texts.join("\n")), settled);
  }

  private async appealsInLastHour(tx: Tx, resident: Resident, now: Date): Promise<number> {
    return countFiledSince(tx, resident.id, new Date(now.getTime() - 3_600_000));
  }

  /** A new contact (WeChat: their friend request was accepted): registered and greeted, so their first message needs no greeting. */
  async welcome(tx: Tx, event: ContactAddedEvent): Promise<void> {
    const { resident } = await this.identify(tx, event.channel, event.sender);
    const greeting = textsFor(resident.locale, event.channel).greeting(this.directory.deployment.name);
    await enqueue(tx, { channel: event.channel, chatId: event.chatId }, { text: greeting }, null, this.clock.now());
  }

  /** Finds or registers the resident; tolerates a concurrent first message from the same person. */
  private identify(tx: Tx, channel: ChannelName, sender: InboundMessage["sender"]): Promise<{ resident: Resident; isNew: boolean }> {
    return registerResident(tx, this.senderFields(channel, sender));
  }

  /** The fields a sender is registered with (a batch registers its senders together with these). */
  senderFields(channel: ChannelName, sender: InboundMessage["sender"]): SenderFields {
    return {
      channel,
      accountId: sender.id,
      displayName: sender.displayName ?? null,
      locale: localeFromLanguageCode(sender.languageCode, this.directory.deployment.locale),
    };
  }

  private async command(tx: Tx, resident: Resident, t: Texts, command: ParsedCommand<ResidentCommandName>, say: Say, chatId: string): Promise<void> {
    const { number } = command;
    switch (command.name) {
      case "help":
        return say({ text: t.residentHelp });
      case "chatid":
        return say({ text: t.chatIdAnswer(resident.channel, chatId) });
      case "status": {
        const cases = await casesOfResident(tx, resident.id, 20);
        return say({ text: cases.length ? t.statusList(cases.map((c) => this.views.caseView(t, c))) : t.noCases });
      }
      case "case": {
        if (!number) return say({ text: t.needCaseNumber("case") });
        const c = await caseOfResident(tx, resident.id, number);
        // Someone else's case gets the same answer as no case at all.
        if (!c) return say({ text: t.caseNotFound(number) });
        const events = await caseTimeline(tx, c.id, { publicOnly: true });
        return say({ text: t.caseForResident(this.views.caseView(t, c), events.map((e) => this.views.eventForResident(t, e))) }, c.id);
      }
      case "withdraw": {
        if (!number) return say({ text: t.needCaseNumber("withdraw") });
        const result = await this.cases.apply(tx, { number }, { type: "withdraw" }, { kind: "resident", residentId: resident.id });
        // Someone else's case gets the same answer as no case at all.
        if (!result.ok) return say({ text: result.reason === "not_found" || result.reason === "not_yours" ? t.caseNotFound(number) : t.cannotDo(number, result.case!.state) });
        return;
      }
      case "review": {
        if (!number || !command.rest) return say({ text: t.usage("review") });
        const result = await this.cases.apply(tx, { number }, { type: "review", reason: command.rest }, { kind: "resident", residentId: resident.id });
        if (result.ok) return;
        if (result.reason === "not_found" || result.reason === "not_yours") return say({ text: t.caseNotFound(number) });
        return say({ text: result.reason === "not_allowed" ? t.cannotDo(number, result.case!.state) : t.refused(result.reason, number, this.cases.maxExtensionDays) });
      }
    }
  }

  private async rateByButton(tx: Tx, resident: Resident, t: Texts, button: string, say: Say): Promise<void> {
    const [, number = "", value = ""] = button.split(":");
    const rating = Number(value);
    if (!(rating >= 1 && rating <= 5)) return say({ text: t.caseNotFound(number) });
    const result = await this.cases.apply(tx, { number }, { type: "rate", rating }, { kind: "resident", residentId: resident.id });
    if (result.ok) return;
    await say({ text: result.reason === "not_found" || result.reason === "not_yours" ? t.caseNotFound(number) : t.cannotDo(number, result.case!.state) });
  }

  /** A bare "1".."5" rates the resident's most recently resolved case, if one awaits a rating. */
  private async rateLatest(tx: Tx, resident: Resident, rating: number): Promise<boolean> {
    const latest = await latestResolvedOfResident(tx, resident.id);
    if (!latest) return false;
    const result = await this.cases.apply(tx, { id: latest.id }, { type: "rate", rating }, { kind: "resident", residentId: resident.id });
    return result.ok;
  }
}

/** The reports' rule as the dialogue asks it: null when no department receives reports. */
function reportsOfDialogue(directory: Directory): DialogueContext["reports"] {
  const naming = reportOf(directory, null, true);
  if (naming === null) return null;
  // With a receiver, every report has one: reportOf is null only without a receiver.
  const receiverOf = (accused: Accusation | null) => reportOf(directory, accused, true)?.receiverId ?? naming.receiverId;
  return { categoryId: naming.categoryId, receiverName: (accused) => directory.nameOf("department", receiverOf(accused)) };
}
