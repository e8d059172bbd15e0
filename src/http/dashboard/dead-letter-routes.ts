import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChannelName } from "../../channels/port";
import type { Cadre } from "../../config/schema";
import { NotAllowed, NotFound } from "../../errors";
import { requireMethod, sendJson } from "../http-io";
import { discard, listDeadLetters, sendAgain, type DeadLetter } from "../../outbox/dead-letters";
import type { Directory } from "../../config/directory";
import { textsFor } from "../../texts";
import { signedInCadre, type DashboardDeps } from "./context";
import type { ChatOf, DeadLetter as DeadLetterJson } from "./json-shapes";

/**
 * The outbox's dead letters (投递失败) for supervisors: what could not be sent, why, and the two
 * things to do about one: send it again (once the cause is fixed) or discard it. Both are logged
 * with who did it; sending a case's message again is also an internal note in its timeline.
 */

export const DEAD_LETTER_ACTION = /^\/dashboard\/api\/dead-letters\/(\d{1,10})\/(retry|discard)$/;

/** Whom a message was for, as supervisors may see it: a resident's chat is never shown by its id. */
function chatOf(directory: Directory, channel: ChannelName, chatId: string): ChatOf {
  const d = directory.deployment;
  const department = d.departments.find((x) => x.groups[channel] === chatId);
  if (department) return { kind: "department", name: department.name };
  if (d.supervisorsGroup[channel] === chatId) return { kind: "supervisors" };
  if (d.operatorChats[channel] === chatId) return { kind: "operators" };
  const account = chatId.startsWith("c-") && channel === "web" ? chatId.slice(2) : chatId;
  const cadre = d.cadres.find((c) => c.accounts[channel] === account);
  if (cadre) return { kind: "cadre", name: cadre.name };
  // A resident's private chat (or a chat the configuration no longer names): its id is the
  // resident's account, and on the web chat the key to their conversation.
  return { kind: "resident" };
}

/** An error as the platform worded it, without the resident's chat id some adapters put in it. */
function redacted(error: string | null, chatId: string, isResident: boolean): string | null {
  if (error === null || !isResident) return error;
  return error.split(chatId).join("…");
}

const PREVIEW_CHARS = 200;

function deadLetterJson(m: DeadLetter, directory: Directory, now: Date): DeadLetterJson {
  const chat = chatOf(directory, m.channel, m.chatId);
  const resident = chat.kind === "resident";
  return {
    id: m.id,
    channel: m.channel,
    chat,
    case: m.caseNumber,
    // What the groups and cadres were sent, they may read; what a resident was sent stays in their case.
    text: resident ? null : [...m.payload.text].slice(0, PREVIEW_CHARS).join(""),
    attempts: m.attempts,
    failures: m.failures,
    reason: m.deadReason,
    firstError: redacted(m.firstError, m.chatId, resident),
    lastError: redacted(m.lastError, m.chatId, resident),
    createdAt: m.createdAt.toISOString(),
    deadAt: m.deadAt.toISOString(),
    ageSeconds: Math.max(0, Math.round((now.getTime() - m.createdAt.getTime()) / 1000)),
  };
}

async function supervisor(deps: DashboardDeps, req: IncomingMessage, url: URL): Promise<Cadre> {
  const cadre = await signedInCadre(deps, req, url);
  if (cadre.role !== "supervisor") throw new NotAllowed("only supervisors see and act on undelivered messages");
  return cadre;
}

async function answerList(deps: DashboardDeps, res: ServerResponse): Promise<void> {
  const now = deps.clock.now();
  const rows = await listDeadLetters(deps.db);
  sendJson(res, 200, { rows: rows.map((m) => deadLetterJson(m, deps.directory, now)) });
}

/** GET /dashboard/api/dead-letters: the dead letters, oldest first. */
export async function listUndelivered(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  await supervisor(deps, req, url);
  await answerList(deps, res);
}

/** POST /dashboard/api/dead-letters/<id>/retry | discard; answers the list as it is now. */
export async function actOnUndelivered(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL, id: number, action: "retry" | "discard"): Promise<void> {
  requireMethod(req, "POST");
  const cadre = await supervisor(deps, req, url);
  const now = deps.clock.now();
  const notFound = () => new NotFound(`no undelivered message ${id}`);
  if (action === "discard") {
    if (!(await deps.transact((tx) => discard(tx, id)))) throw notFound();
    deps.logger.info("dashboard: undelivered message discarded", { cadre: cadre.id, outboxId: id });
    return answerList(deps, res);
  }
  const again = await deps.transact(async (tx) => {
    const found = await sendAgain(tx, id, now);
    if (!found) throw notFound();
    if (found.caseId === null) return { ...found, caseNumber: null };
    // A note changes no state: the timeline says who sent the case's message again, and when.
    const noted = await deps.cases.apply(tx, { id: found.caseId }, { type: "note", text: textsFor(deps.directory.deployment.locale).deadLetterRetriedNote(found.channel) }, { kind: "cadre", cadre });
    return { ...found, caseNumber: noted.case?.number ?? null };
  });
  deps.logger.info("dashboard: undelivered message sent again", { cadre: cadre.id, outboxId: id, channel: again.channel, case: again.caseNumber });
  deps.onCommitted();
  await answerList(deps, res);
}
