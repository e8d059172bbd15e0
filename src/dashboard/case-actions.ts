import type { CaseAction } from "../cases/state-machine";
import type { Cadre } from "../config/schema";
import { HttpError } from "../http/http-io";
import { InvalidField } from "../case-filters/invalid-field";
import { oneOf } from "../case-filters/filter";
import type { Directory } from "../config/directory";
import { dashboardActions } from "./case-json";
import type { DashboardDeps } from "./context";

/** As long as a chat message may be: what a cadre writes reaches the resident in their chat. */
const MAX_TEXT_CHARS = 4000;

/** The case action a posted form asks for: `{ type, text?, department? }`. */
export function parseAction(body: unknown, directory: Directory): CaseAction {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidField("type", "the body must be a JSON object with a type");
  const fields = body as Record<string, unknown>;
  const type = oneOf("type", typeof fields["type"] === "string" ? fields["type"] : "", dashboardActions);
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
    if (result.reason === "same_department") throw new InvalidField("department", "the case is already with this department");
    throw new HttpError(409, `case ${number} is ${result.case.state}: "${action.type}" is not possible now`);
  });
  deps.logger.info("dashboard: cadre acted on a case", { cadre: cadre.id, case: number });
  deps.onCommitted();
}
