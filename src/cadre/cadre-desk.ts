import type { ChatKind, InboundMessage, OutboundMessage } from "../channels/port";
import type { Clock } from "../clock";
import type { CaseService } from "../cases/case-service";
import { maskPersonalData } from "../cases/personal-data";
import { actionCommand } from "../cases/actions";
import { findCaseNumber } from "../cases/case-number";
import type { Views } from "../cases/views";
import { issueLoginLink, LOGIN_LINK_TTL_MS } from "../auth/login-links";
import type { Cadre } from "../config/schema";
import type { CaseRecord } from "../cases/case-record";
import { findCase, openCasesByAnswerDue } from "../db/repositories/case-repository";
import { caseTimeline } from "../db/repositories/case-event-repository";
import type { Tx } from "../db/tx";
import { caseIdOfSentMessage, enqueue } from "../outbox/enqueue";
import type { Directory } from "../config/directory";
import { textsFor, type Texts } from "../texts";
import { accuses, mayActOn, viewerOf } from "../cases/authority";
import { parseCadreCommand, type CadreCommandName } from "../commands/cadre-commands";

type Say = (text: string) => Promise<void>;

/**
 * Cadres acting on cases from a department group or a private chat: replies to case cards and
 * commands. Only registered cadres, only on their department's cases (supervisors: all).
 */
export class CadreDesk {
  constructor(
    private readonly directory: Directory,
    private readonly cases: CaseService,
    private readonly views: Views,
    private readonly clock: Clock,
    /** The service's address as cadres reach it, for dashboard sign-in links. */
    private readonly publicUrl: string,
  ) {}

  private get texts(): Texts {
    return textsFor(this.directory.deployment.locale);
  }

  /** Whether a private message from this sender is meant for the cadre desk: a command, or a quote of a case message. */
  wants(msg: InboundMessage): boolean {
    if (!this.directory.cadreByAccount(msg.channel, msg.sender.id)) return false;
    if (msg.quotedText !== undefined && findCaseNumber(msg.quotedText) !== null) return true;
    return msg.text !== undefined && parseCadreCommand(msg.text) !== null;
  }

  /** `boundGroup`: the message came from a department's or the supervisors' group. */
  async handle(tx: Tx, msg: InboundMessage, boundGroup: boolean): Promise<void> {
    const t = this.texts;
    const now = this.clock.now();
    const say: Say = (text) =>
      enqueue(tx, { channel: msg.channel, chatId: msg.chat.id }, { text, replyToMessageId: msg.messageId }, null, now);
    const text = msg.text?.trim() ?? "";
    const command = text ? parseCadreCommand(text) : null;
    const repliedCaseId = await this.repliedCase(tx, msg);

    // In a group, only commands and replies to the bot's case messages are for us; the rest is people talking.
    if (msg.chat.kind === "group" && !command && repliedCaseId === null) return;
    if (command?.name === "chatid") return say(t.chatIdAnswer(msg.channel, msg.chat.id));

    const cadre = this.directory.cadreByAccount(msg.channel, msg.sender.id);
    if (!cadre) return say(t.notACadre);
    if (msg.chat.kind === "group" && !boundGroup) return say(t.groupNotBound(msg.chat.id));
    if (command?.name === "help") return say(t.cadreHelp);
    if (command?.name === "mine") return this.mine(tx, cadre, say, msg.chat.kind === "group");
    if (command?.name === "dashboard") {
      // A link in a group would sign in whoever taps it first.
      if (msg.chat.kind === "group") return say(t.loginLinkPrivateOnly);
      const token = await issueLoginLink(tx, cadre.id, now);
      return say(t.loginLink(`${this.publicUrl}/dashboard/#login=${token}`, LOGIN_LINK_TTL_MS / 60_000));
    }

    const name: CadreCommandName = command?.name ?? "reply";
    const rest = command ? command.rest : text;
    const ref = command?.number ? { number: command.number } : repliedCaseId !== null ? { id: repliedCaseId } : null;
    if (!ref) return say(t.usage(asCommand(name)));
    const notFound = () => say(t.caseNotFound(command?.number ?? ""));

    if (name === "case") {
      // Reading, not acting: the same rule as acting decides who may see it.
      const c = await findCase(tx, ref);
      // A report about the cadre's department or them is, to them, a case that does not exist (Art. 30).
      if (!c || accuses(c, viewerOf(cadre))) return notFound();
      if (!mayActOn(cadre, c)) return say(t.notYourCase(c.number));
      const events = await caseTimeline(tx, c.id);
      const whole = seesPersonalData(cadre, c, msg.chat.kind);
      const answer = t.caseForCadre(whole ? this.views.caseView(t, c) : this.views.groupCaseView(t, c), events.map((e) => this.views.eventForCadre(t, e)));
      // The timeline holds cadres' replies and residents' reasons, which carry phones as often as the appeal.
      return say(whole ? answer : maskPersonalData(answer));
    }
    // What the command means is its action's spec (src/cases/actions/<action>.ts, its `chat`).
    const request = actionCommand(name)?.parse(rest, { cadre, t, directory: this.directory }) ?? t.usage(asCommand(name));
    if (typeof request === "string") return say(request);
    const { action } = request;
    // CaseService locks the case and checks that this cadre may take this action on it.
    const result = await this.cases.apply(tx, ref, action, { kind: "cadre", cadre });
    if (!result.ok) {
      const c = result.case;
      if (!c || accuses(c, viewerOf(cadre))) return notFound();
      if (result.reason === "not_yours" || result.reason === "not_found") return say(t.notYourCase(c.number));
      return say(result.reason === "not_allowed" ? t.cannotDo(c.number, c.state) : t.refused(result.reason, c.number, this.cases.maxExtensionDays));
    }
    return say(request.ack(result.case.number));
  }

  /**
   * The case of the bot message this one replies to: by its id (Telegram, web), or by the case
   * number in the quoted text (WeChat's quote has no id; every card and notice carries the number).
   */
  private async repliedCase(tx: Tx, msg: InboundMessage): Promise<number | null> {
    if (msg.replyToMessageId) return caseIdOfSentMessage(tx, { channel: msg.channel, chatId: msg.chat.id }, msg.replyToMessageId);
    const number = msg.quotedText === undefined ? null : findCaseNumber(msg.quotedText);
    if (number === null) return null;
    const c = await findCase(tx, { number });
    return c?.id ?? null;
  }

  private async mine(tx: Tx, cadre: Cadre, say: Say, inGroup: boolean): Promise<void> {
    const t = this.texts;
    const all = await openCasesByAnswerDue(tx, cadre.role === "supervisor" ? { limit: 30 } : { cadreId: cadre.id, limit: 30 });
    const cases = all.filter((c) => !accuses(c, viewerOf(cadre)));
    const view = (c: CaseRecord) => (seesPersonalData(cadre, c, inGroup ? "group" : "private") ? this.views.caseView(t, c) : this.views.groupCaseView(t, c));
    return say(cases.length ? t.mine(cases.map(view)) : t.noOpenCases);
  }
}

/**
 * Whether this cadre may read the case's personal data (the resident's phone, ID, plate …) as
 * written: only its responsible cadre, and only in a private chat with the bot. A group is read by
 * everyone in it, and a supervisor or a colleague acts on the case without needing to call anyone.
 */
function seesPersonalData(cadre: Cadre, c: CaseRecord, chat: ChatKind): boolean {
  return chat === "private" && cadre.id === c.cadreId;
}

function asCommand(name: CadreCommandName): Exclude<CadreCommandName, "help" | "chatid" | "dashboard"> {
  return name === "help" || name === "chatid" || name === "dashboard" ? "reply" : name;
}
