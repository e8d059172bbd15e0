import type { IncomingMessage, ServerResponse } from "node:http";
import { oneOf } from "../../../case-filters/filter";
import type { CaseService } from "../../../cases/case-service";
import { viewerOf } from "../../../cases/authority";
import type { Cadre } from "../../../config/schema";
import { caseTimeline } from "../../../db/repositories/case-event-repository";
import { findCase } from "../../../db/repositories/case-repository";
import { INBOX_LIMIT, inboxCounts, inboxRowOf, inboxRows, inboxViews, type InboxQuery } from "../../../db/repositories/inbox-repository";
import { findCases } from "../../../db/repositories/ledger-repository";
import { NotFound } from "../../../errors";
import { answering } from "../../error-response";
import { readJsonBody, requireMethod, sendJson } from "../../http-io";
import type { HttpMount } from "../../router";
import { normalizeCaseNumber } from "../../../vocabulary/case-number-format";
import { actOnCase } from "../case-actions";
import { caseJson } from "../case-json";
import { contextOf, signedIn, signedInCadre, type DashboardDeps } from "../context";
import type { CaseEventHub } from "./case-event-hub";
import { SseStream } from "../../sse-stream";
import { deskJson, inboxRowJson } from "./inbox-json";
import type { CaseDetail, Desk, InboxAnswer } from "../json-shapes";

export interface InboxDeps extends DashboardDeps {
  cases: CaseService;
  hub: CaseEventHub;
  /** How often an open stream sends a keep-alive and asks whether its session is still on. */
  heartbeatMs?: number;
}

const CASE_PATH = /^\/dashboard\/api\/inbox\/cases\/([A-Za-z0-9-]{1,40})(\/actions)?$/;

/**
 * The cadres' inbox, under /dashboard/api/inbox (the workspace's 我的案件): the department's
 * open cases by urgency and deadline, one case with what may be done to it now, the actions
 * (through CaseService.apply, as the chat commands), the department's ready answers (常用语),
 * and a stream of case changes so every open workspace updates its rows at once.
 */
export function mountInbox(http: HttpMount, deps: InboxDeps): void {
  http.mount("/dashboard/api/inbox", async (req, res, url) => {
    const path = url.pathname;
    switch (path) {
      case "/dashboard/api/inbox":
        return answering(res, () => listInbox(deps, req, res, url));
      case "/dashboard/api/inbox/desk":
        return answering(res, () => showDesk(deps, req, res));
      case "/dashboard/api/inbox/events":
        return answering(res, () => openEvents(deps, req, res));
    }
    const match = CASE_PATH.exec(path);
    const number = match?.[1] ? normalizeCaseNumber(match[1]) : null;
    if (!match || !number) return false;
    return answering(res, () => (match[2] ? act(deps, req, res, number) : showCase(deps, req, res, number)));
  });
}

function queryOf(deps: DashboardDeps, cadre: Cadre): InboxQuery {
  const ctx = contextOf(deps, cadre);
  return { departmentScope: ctx.departmentScope, reportsHidden: viewerOf(cadre), cadreId: cadre.id, now: ctx.now };
}

/** GET /dashboard/api/inbox?view=mine: one view's open cases and every view's count; `?number=` one case's row, open or not. */
async function listInbox(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req);
  const q = queryOf(deps, cadre);
  const asked = url.searchParams.get("number");
  if (asked !== null) {
    const number = normalizeCaseNumber(asked);
    const row = number ? await inboxRowOf(deps.db, q, number) : null;
    if (!row) throw new NotFound(`no case ${asked} in the cases you may see`);
    return sendJson(res, 200, { row: inboxRowJson(row, deps.directory, cadre) });
  }
  const view = oneOf("view", url.searchParams.get("view") ?? "open", inboxViews);
  const [rows, counts] = [await inboxRows(deps.db, q, view), await inboxCounts(deps.db, q)];
  const answer: InboxAnswer = { view, rows: rows.map((r) => inboxRowJson(r, deps.directory, cadre)), counts, limit: INBOX_LIMIT, now: q.now.toISOString() };
  sendJson(res, 200, answer);
}

/** GET /dashboard/api/inbox/desk: the department's ready answers, its cadres (to assign to) and the extension's bound. */
async function showDesk(deps: InboxDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req);
  const department = deps.directory.department(cadre.department);
  // Only active cadres can be assigned a case.
  const colleagues = deps.directory.deployment.cadres.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name, department: c.department }));
  const desk: Desk = {
    cannedReplies: department.cannedReplies,
    // By department: a supervisor assigns within the case's department, which the page knows.
    colleagues: cadre.role === "supervisor" ? colleagues : colleagues.filter((c) => c.department === cadre.department),
    maxExtensionDays: deps.cases.maxExtensionDays,
  };
  sendJson(res, 200, desk);
}

/** GET /dashboard/api/inbox/cases/<number>: the case, its timeline, every deadline and what this cadre may do now. */
async function showCase(deps: InboxDeps, req: IncomingMessage, res: ServerResponse, number: string): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req);
  sendJson(res, 200, await loadCase(deps, cadre, number));
}

/**
 * POST /dashboard/api/inbox/cases/<number>/actions `{ type, … }`: as the chat command does; answers
 * the case as it is now, or `{ number, gone: true }` when the action took it out of the cadre's sight.
 */
async function act(deps: InboxDeps, req: IncomingMessage, res: ServerResponse, number: string): Promise<void> {
  requireMethod(req, "POST");
  const cadre = await signedInCadre(deps, req);
  await actOnCase(deps, cadre, number, await readJsonBody(req));
  try {
    sendJson(res, 200, await loadCase(deps, cadre, number));
  } catch (error) {
    // Done, and out of this cadre's sight (transferred to another department): say so, not 404.
    if (!(error instanceof NotFound)) throw error;
    sendJson(res, 200, { number, gone: true });
  }
}

async function loadCase(deps: InboxDeps, cadre: Cadre, number: string): Promise<CaseDetail> {
  // Within the cadre's scope: another department's case is the same 404 as a missing one.
  const found = await findCases(deps.db, { numbers: [number] }, contextOf(deps, cadre), { by: "created", direction: "desc" }, { offset: 0, limit: 1 }, null);
  const row = found.rows[0];
  const record = row ? await findCase(deps.db, { id: row.id }) : null;
  if (!row || !record) throw new NotFound(`no case ${number} in the cases you may see`);
  const events = await caseTimeline(deps.db, row.id);
  return { ...caseJson(row, events, cadre, deps.directory, record.photos), ...deskJson(record, cadre) };
}

/** GET /dashboard/api/inbox/events: `case` events for every change of a case this cadre may see; `resync` after a gap. */
async function openEvents(deps: InboxDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  requireMethod(req, "GET");
  const { cadre, session } = await signedIn(deps, req);
  let stop: (() => void) | undefined;
  const stream = new SseStream(res, {
    heartbeatMs: deps.heartbeatMs ?? 25_000,
    // Hints are tiny; this much unread means the page is gone or stuck (it reads its inbox again when back).
    maxBufferedBytes: 256 * 1024,
    // A sign-out ends the stream at once (the hub hears it); the heartbeat's check catches expiry.
    stillAllowed: () => deps.auth.isLive(session.id),
    onClose: () => stop?.(),
  });
  stop = await deps.hub.watch({ stream, departmentScope: contextOf(deps, cadre).departmentScope, viewer: viewerOf(cadre), sessionId: session.id });
  // Closed while the hub was starting to listen: nothing will call onClose again.
  if (stream.isClosed) return stop();
  stream.send("ready", {});
}
