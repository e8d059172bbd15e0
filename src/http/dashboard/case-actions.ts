import type { CaseAction } from "../../cases/state-machine";
import type { Cadre } from "../../config/schema";
import { HttpError } from "../http-io";
import { InvalidField } from "../../case-filters/invalid-field";
import { oneOf } from "../../case-filters/filter";
import type { Directory } from "../../config/directory";
import { normalizeCaseNumber } from "../../vocabulary/case-number-format";
import type { Refusal } from "../../vocabulary/refusals";
import type { DashboardDeps } from "./context";

/**
 * Every action a cadre takes by a chat command, offered as buttons in the workspace: the same
 * rules decide (CaseService.apply), so nothing here is allowed that the chat would refuse.
 */
export const cadreActions = [
  "accept",
  "reply",
  "reject",
  "transfer",
  "resolve",
  "note",
  "extend_request",
  "extend_approve",
  "extend_deny",
  "assign",
  "merge",
] as const satisfies readonly CaseAction["type"][];
export type CadreActionType = (typeof cadreActions)[number];

/** As long as a chat message may be: what a cadre writes reaches the resident in their chat. */
const MAX_TEXT_CHARS = 4000;

/** The case action a posted form asks for: `{ type, text?, department?, days?, cadre?, into? }`. */
export function parseAction(body: unknown, directory: Directory): CaseAction {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidField("type", "the body must be a JSON object with a type");
  const fields = body as Record<string, unknown>;
  const type = oneOf("type", typeof fields["type"] === "string" ? fields["type"] : "", cadreActions);
  const text = typeof fields["text"] === "string" ? fields["text"].trim() : "";
  if ([...text].length > MAX_TEXT_CHARS) throw new InvalidField("text", `at most ${MAX_TEXT_CHARS} characters`);
  if (text.includes("\u0000")) throw new InvalidField("text", "must not contain NUL characters");
  const needText = () => {
    if (!text) throw new InvalidField("text", `write what to record for "${type}"`);
    return text;
  };
  switch (type) {
    case "accept":
      return { type };
    case "reply":
    case "resolve":
    case "note":
      return { type, text: needText() };
    case "reject":
      return { type, reason: needText() };
    case "transfer": {
      const raw = typeof fields["department"] === "string" ? fields["department"] : "";
      const department = oneOf("department", raw, directory.departments.map((d) => d.id));
      return { type, departmentId: department, ...(text ? { reason: text } : {}) };
    }
    case "extend_request": {
      const days = fields["days"];
      if (typeof days !== "number" || !Number.isInteger(days) || days < 1) throw new InvalidField("days", "a whole number of days, at least 1");
      return { type, days, reason: needText() };
    }
    case "extend_approve":
      return { type };
    case "extend_deny":
      return { type, reason: needText() };
    case "assign": {
      const raw = typeof fields["cadre"] === "string" ? fields["cadre"] : "";
      const cadre = oneOf("cadre", raw, directory.deployment.cadres.map((c) => c.id));
      return { type, cadreId: cadre, ...(text ? { note: text } : {}) };
    }
    case "merge": {
      const into = normalizeCaseNumber(typeof fields["into"] === "string" ? fields["into"] : "");
      if (!into) throw new InvalidField("into", "the number of the open case this one joins, like MQ-20261123-0001");
      return { type, into };
    }
  }
}

/** A refusal the form can show beside its field, or as what the cadre may not do. */
function refused(reason: Refusal, number: string, action: CaseAction, state: string): Error {
  switch (reason) {
    case "same_department":
      return new InvalidField("department", "the case is already with this department");
    case "extension_too_long":
      return new InvalidField("days", "more days than one extension may give");
    case "extension_used":
      return new HttpError(409, `case ${number} has had its one extension`);
    case "extension_pending":
      return new HttpError(409, `case ${number} has an extension waiting for a supervisor`);
    case "no_extension_requested":
      return new HttpError(409, `case ${number} has no extension waiting`);
    case "not_a_supervisor":
      return new HttpError(403, "only a supervisor may decide on an extension");
    case "not_a_lead":
      return new HttpError(403, "only the department's lead or a supervisor may assign a case");
    case "not_of_department":
      return new InvalidField("cadre", "not a cadre of the case's department");
    case "cadre_inactive":
      return new InvalidField("cadre", "this cadre is no longer active and cannot take a case");
    case "already_assigned":
      return new InvalidField("cadre", "the case is with this cadre already");
    case "merge_target":
      return new InvalidField("into", "not another open case");
    case "merge_not_yours":
      return new InvalidField("into", "a case of a department you may not act for");
    case "accused_department":
      // The field the form shows it beside: where the case would have gone.
      return new InvalidField(action.type === "merge" ? "into" : action.type === "assign" ? "cadre" : "department", "the case reports this department or cadre (信访工作条例 Art. 30): it may not be handled by them");
    default:
      return new HttpError(409, `case ${number} is ${state}: "${action.type}" is not possible now`);
  }
}

/**
 * Applies a cadre's action to a case exactly as a chat command does: CaseService locks the case,
 * checks the cadre may act on it and the transition, writes the timeline and queues the messages
 * to the resident and the groups, in one transaction.
 */
export async function actOnCase(deps: DashboardDeps, cadre: Cadre, number: string, body: unknown): Promise<void> {
  await deps.transact(async (tx) => {
    const action = parseAction(body, deps.directory);
    const result = await deps.cases.apply(tx, { number }, action, { kind: "cadre", cadre });
    if (result.ok) return;
    // Another department's case is the same 404 as a missing one, as on the case page.
    if (!result.case || result.reason === "not_yours") throw new HttpError(404, `no case ${number} in the cases you may see`);
    throw refused(result.reason, number, action, result.case.state);
  });
  deps.logger.info("dashboard: cadre acted on a case", { cadre: cadre.id, case: number });
  deps.onCommitted();
}
