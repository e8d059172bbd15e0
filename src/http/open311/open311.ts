import type { IncomingMessage, ServerResponse } from "node:http";
import type { Transact, Tx } from "../../db/tx";
import type { CaseService } from "../../cases/case-service";
import type { Clock } from "../../clock";
import type { ApiKey } from "../../config/schema";
import { answering, open311ErrorShape } from "../error-response";
import { readFieldsBody, sendJson } from "../http-io";
import type { HttpMount } from "../router";
import { findCases } from "../../db/repositories/ledger-repository";
import type { Logger } from "../../log";
import type { Directory } from "../../config/directory";
import type { Understanding } from "../../understanding";
import { ApiClients, type ApiScope } from "./api-clients";
import { fileRequest, parseRequestToFile } from "./file-request";
import { Open311Error } from "./open311-error";
import { openApiDocument } from "./openapi";
import { parseRequestQuery, publicNotes, requestJson } from "./requests";
import { serviceDefinitionJson, serviceJson } from "./services";

export const OPEN311_PREFIX = "/open311/v2";

export interface Open311Deps {
  /** Reads outside a transaction (the pool). */
  db: Tx;
  /** Runs a transaction. */
  transact: Transact;
  directory: Directory;
  /** Reads a description for its community and whether it reports an emergency, as the chat intake does. */
  understanding: Understanding;
  cases: CaseService;
  clients: ApiClients;
  clock: Clock;
  logger: Logger;
  /** Called after a filing committed, so the card goes to the department's group now. */
  onCommitted: () => void;
}

/** What one call did, for its log line. */
interface CallLog {
  client?: string;
  request?: string;
}

/**
 * A REST API in the spirit of Open311 GeoReport v2 for other government systems: the services
 * (categories), filing a request for a resident, reading requests. JSON only; every call is logged
 * with the client, the outcome and the time it took (never the key).
 */
export function mountOpen311(http: HttpMount, deps: Open311Deps): void {
  http.mount(OPEN311_PREFIX, async (req, res, url) => {
    const started = Date.now();
    const log: CallLog = {};
    res.once("finish", () => {
      deps.logger.info("open API call", { method: req.method, path: url.pathname, status: res.statusCode, ms: Date.now() - started, ...log });
    });
    return answering(res, () => route(deps, req, res, url, log), open311ErrorShape);
  });
}

async function route(deps: Open311Deps, req: IncomingMessage, res: ServerResponse, url: URL, log: CallLog): Promise<void> {
  const path = url.pathname.slice(OPEN311_PREFIX.length);
  if (path === "/openapi.json") return answer(req, res, "GET", () => openApiDocument());
  const [, resource, id, format] = /^\/(services|requests)(?:\/([^/.]+))?(?:\.([a-z]+))?$/.exec(path) ?? [];
  if (!resource) throw new Open311Error(404, `no such resource; see ${OPEN311_PREFIX}/openapi.json`);
  if (format !== undefined && format !== "json") throw new Open311Error(400, `only JSON is served: use .json, not .${format}`, "format");

  if (resource === "services") {
    // The list of services is public, as in Open311: it names categories, nothing about anyone.
    if (id === undefined) return answer(req, res, "GET", () => deps.directory.categories.map((c) => serviceJson(c, deps.directory)));
    const category = deps.directory.categories.find((c) => c.id === id);
    if (!category) throw new Open311Error(404, `no service "${id}"`, "service_code");
    return answer(req, res, "GET", () => serviceDefinitionJson(category, deps.directory));
  }

  if (req.method === "POST" && id === undefined) {
    const body = await readFieldsBody(req);
    const client = authorize(deps, req, url, "file", log, body);
    const filed = await fileRequest(deps.transact, deps.cases, deps.directory, client, parseRequestToFile(body, deps.directory, deps.understanding));
    log.request = filed.number;
    deps.onCommitted();
    return sendJson(res, 201, [{ service_request_id: filed.number, service_notice: `expected answer by ${filed.answerDueAt.toISOString()}`, account_id: null }]);
  }
  if (req.method !== "GET" && req.method !== "HEAD") throw new Open311Error(405, `use GET${id === undefined ? " or POST" : ""} here`);
  const client = authorize(deps, req, url, "read", log);
  const now = deps.clock.now();
  const query = id === undefined ? parseRequestQuery(url.searchParams, deps.directory, now) : parseRequestQuery(new URLSearchParams({ service_request_id: id }), deps.directory, now);
  // Other systems never get a report about a department (信访工作条例 Art. 30): it is the receiving body's alone.
  const ctx = { now, timeZone: deps.directory.deployment.timezone, departmentScope: null, reportsHidden: "all" } as const;
  const found = await findCases(deps.db, query.filter, ctx, { by: "created", direction: "desc" }, query.page, null);
  if (id !== undefined && found.rows.length === 0) throw new Open311Error(404, `no request ${id}`, "service_request_id");
  const notes = await publicNotes(deps.db, found.rows.map((r) => r.id));
  sendJson(res, 200, found.rows.map((r) => requestJson(r, notes.get(r.id) ?? [], client, deps.directory)));
}

function answer(req: IncomingMessage, res: ServerResponse, method: "GET", body: () => unknown): void {
  if (req.method !== method && req.method !== "HEAD") throw new Open311Error(405, `use ${method} here`);
  sendJson(res, 200, body());
}

/** What a 401 says about how to authenticate (RFC 9110 requires it). */
const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="open311"' };

function authorize(deps: Open311Deps, req: IncomingMessage, url: URL, scope: ApiScope, log: CallLog, body?: Record<string, unknown>): ApiKey {
  const key = ApiClients.keyOf(req, url, body);
  if (!key) throw new Open311Error(401, "an API key is required: X-API-Key header or api_key parameter", "api_key", CHALLENGE);
  const client = deps.clients.identify(key);
  if (!client) throw new Open311Error(401, "this API key is not valid", "api_key", CHALLENGE);
  log.client = client.id;
  if (!client.scopes.includes(scope)) throw new Open311Error(403, `this API key may not ${scope === "file" ? "file requests" : "read requests"}`, "api_key");
  return client;
}
