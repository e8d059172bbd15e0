import { findCase } from "../../db/repositories/case-repository";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Cadre } from "../../config/schema";
import { caseTimeline } from "../../db/repositories/case-event-repository";
import { NotFound } from "../../errors";
import { readJsonBody, requireMethod, sendJson } from "../http-io";
import { parseLedgerFilter, parseLedgerPage, parseLedgerSort } from "../../case-filters/filter";
import { eachCase, findCases } from "../../db/repositories/ledger-repository";
import { ledgerCsvHeader, ledgerCsvLines } from "./ledger-csv";
import { actOnCase } from "./case-actions";
import { caseJson, rowJson } from "./case-json";
import { contextOf, exportTexts, signedInCadre, type DashboardDeps } from "./context";
import type { CasePage } from "./json-shapes";
import { sendCsv } from "./send-csv";

/** GET /dashboard/api/cases: one page of the ledger with the filters applied. */
export async function listCases(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req, url);
  const filter = parseLedgerFilter(url.searchParams, deps.directory);
  const sort = parseLedgerSort(url.searchParams);
  const page = parseLedgerPage(url.searchParams);
  const result = await findCases(deps.db, filter, contextOf(deps, cadre), sort, page);
  const answer: CasePage = {
    rows: result.rows.map((r) => rowJson(r, deps.directory)),
    total: result.total,
    totalIsAtLeast: result.totalIsAtLeast,
    page: page.offset / page.limit + 1,
    size: page.limit,
  };
  sendJson(res, 200, answer);
}

/** GET /dashboard/api/cases.csv: every case the filters select, streamed in batches. */
export async function exportCases(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req, url);
  const filter = parseLedgerFilter(url.searchParams, deps.directory);
  const sort = parseLedgerSort(url.searchParams);
  const t = exportTexts(deps, url);
  const ctx = contextOf(deps, cadre);
  await sendCsv(res, "ledger", deps, ledgerCsvHeader(t), async (write) => {
    for await (const rows of eachCase(deps.db, filter, ctx, sort)) await write(ledgerCsvLines(rows, t, deps.directory));
  });
  deps.logger.info("dashboard: ledger exported", { cadre: cadre.id });
}

/** GET /dashboard/api/cases/<number>: the case page. */
export async function showCase(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL, number: string): Promise<void> {
  requireMethod(req, "GET");
  const cadre = await signedInCadre(deps, req, url);
  sendJson(res, 200, await loadCase(deps, cadre, number));
}

/** POST /dashboard/api/cases/<number>/actions: act as from the chat; answers the case as it is now. */
export async function actOn(deps: DashboardDeps, req: IncomingMessage, res: ServerResponse, url: URL, number: string): Promise<void> {
  requireMethod(req, "POST");
  const cadre = await signedInCadre(deps, req, url);
  await actOnCase(deps, cadre, number, await readJsonBody(req));
  sendJson(res, 200, await loadCase(deps, cadre, number));
}

async function loadCase(deps: DashboardDeps, cadre: Cadre, number: string) {
  // Looked up within the cadre's department, so another department's case is the same 404 as a
  // missing one: a 403 would tell anyone signed in which case numbers exist elsewhere.
  const ctx = contextOf(deps, cadre);
  const found = await findCases(deps.db, { numbers: [number] }, ctx, { by: "created", direction: "desc" }, { offset: 0, limit: 1 }, null);
  const row = found.rows[0];
  if (!row) throw new NotFound(`no case ${number} in the cases you may see`);
  const events = await caseTimeline(deps.db, row.id);
  const attachments = (await findCase(deps.db, { id: row.id }))?.photos ?? [];
  return caseJson(row, events, cadre, deps.directory, attachments);
}
