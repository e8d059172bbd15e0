import { WorkingCalendar } from "../../src/calendar/working-calendar";
import { actions, canApply } from "../../src/cases/actions";
import type { ActionContext, Actor } from "../../src/cases/actions/spec";
import { caseStates, type ActionType, type CaseAction, type CaseState } from "../../src/cases/state-machine";
import { TimeLimits } from "../../src/cases/time-limits";
import type { Case } from "../../src/db/entities/case";
import { Directory } from "../../src/config/directory";
import { testDeployment } from "../support/test-app";

/** The whole state table, written out: a change to any action's `from` must change this line too. */
const table: Record<ActionType, Record<CaseState, boolean>> = (() => {
  const row = (...allowed: CaseState[]) => Object.fromEntries(caseStates.map((s) => [s, allowed.includes(s)])) as Record<CaseState, boolean>;
  const open: CaseState[] = ["submitted", "accepted", "in_progress"];
  return {
    accept: row("submitted"),
    reply: row(...open),
    reject: row("submitted", "accepted"),
    transfer: row(...open),
    resolve: row(...open),
    note: row(...caseStates),
    rate: row("resolved"),
    withdraw: row(...open),
    extend_request: row("accepted", "in_progress"),
    extend_approve: row("accepted", "in_progress"),
    extend_deny: row("accepted", "in_progress"),
    review: row("resolved", "closed"),
    close_unrated: row("resolved"),
    reassign: row(...open),
    assign: row(...open),
    supplement: row(...open),
    merge: row(...open),
    unmerge: row("merged"),
  };
})();

describe("the case actions' specs", () => {
  test.each(Object.keys(actions) as ActionType[])("%s: allowed in exactly the states of the table", (type) => {
    for (const state of caseStates) expect([state, canApply(state, type)]).toEqual([state, table[type][state]]);
  });

  test("who may take each action", () => {
    const who = Object.fromEntries(Object.entries(actions).map(([type, spec]) => [type, spec.who]));
    expect(who).toEqual({
      accept: "cadre", reply: "cadre", reject: "cadre", transfer: "cadre", resolve: "cadre", note: "cadre",
      rate: "resident", withdraw: "resident", review: "resident", supplement: "residentOfMatter", unmerge: "system",
      extend_request: "cadre", extend_approve: "cadre", extend_deny: "cadre", assign: "cadre", merge: "cadre",
      close_unrated: "system", reassign: "system",
    });
  });

  test("only the department's own business stays off the resident's timeline", () => {
    const internal = Object.entries(actions).filter(([, s]) => s.event !== "public").map(([type, s]) => `${type}:${s.event}`);
    expect(internal.sort()).toEqual(["assign:internal", "extend_deny:internal", "extend_request:internal", "note:internal", "reassign:internal"]);
  });

  describe("refusals", () => {
    const deployment = testDeployment();
    const directory = new Directory(deployment);
    const now = new Date("2026-11-30T02:00:00Z");
    const ctx: ActionContext = { directory, limits: new TimeLimits(deployment, new WorkingCalendar({ timezone: deployment.timezone, ...deployment.calendar })), now, other: null };
    const cadre = (id: string): Actor => ({ kind: "cadre", cadre: directory.cadre(id) });
    const aCase = (fields: Partial<Case> = {}) =>
      ({ departmentId: "chengguan", cadreId: "wang", extensionState: null, resolvedAt: null, reviewCount: 0, accusedDepartmentId: null, accusedCadreId: null, ...fields }) as Case;
    const refusal = (c: Case, action: CaseAction, actor: Actor) => {
      const spec = actions[action.type] as { refuse?: (c: Case, a: CaseAction, actor: Actor, ctx: ActionContext) => string | null };
      return spec.refuse?.(c, action, actor, ctx) ?? null;
    };

    test.each([
      ["a lead of the case's department", "wang", "zhou", null],
      ["a supervisor", "zhao", "zhou", null],
      ["a handler", "zhou", "wang", "not_a_lead"],
      ["a lead, to another department's cadre", "wang", "li", "not_of_department"],
      ["a lead, to the cadre who has it", "wang", "wang", "already_assigned"],
    ])("assign by %s", (_who, by, to, expected) => {
      expect(refusal(aCase(), { type: "assign", cadreId: to }, cadre(by))).toBe(expected);
    });

    test("extensions: one, within the bound, decided by a supervisor", () => {
      expect(refusal(aCase(), { type: "extend_request", days: 0, reason: "x" }, cadre("wang"))).toBe("extension_too_long");
      expect(refusal(aCase({ extensionState: "approved" }), { type: "extend_request", days: 5, reason: "x" }, cadre("wang"))).toBe("extension_used");
      expect(refusal(aCase({ extensionState: "requested" }), { type: "extend_request", days: 5, reason: "x" }, cadre("wang"))).toBe("extension_pending");
      expect(refusal(aCase({ extensionState: "requested" }), { type: "extend_approve" }, cadre("wang"))).toBe("not_a_supervisor");
      expect(refusal(aCase(), { type: "extend_deny", reason: "x" }, cadre("zhao"))).toBe("no_extension_requested");
      expect(refusal(aCase({ extensionState: "requested" }), { type: "extend_approve" }, cadre("zhao"))).toBeNull();
    });

    test("a review and one re-review, each within the window, to a body the deployment has; then 不再受理", () => {
      const answered = { state: "resolved" as const, resolvedAt: new Date(now.getTime() - 86_400_000) };
      const ask = (fields: Partial<Case>) => refusal(aCase({ ...answered, ...fields }), { type: "review", reason: "x" }, { kind: "resident", residentId: 1 });
      expect(ask({ reviewCount: 0 })).toBeNull();
      expect(ask({ reviewCount: 1, departmentId: "xinfang" })).toBeNull();
      expect(ask({ reviewCount: 2, departmentId: "xianfu" })).toBe("no_further_review");
      // Not taken up again even when asked in time, and said before the window: the reason that lasts.
      expect(ask({ reviewCount: 2, resolvedAt: new Date("2026-01-01T00:00:00Z") })).toBe("no_further_review");
      // The county government's higher body (the city's) is not on this service.
      expect(ask({ reviewCount: 1, departmentId: "xianfu" })).toBe("no_review_body");
    });

    test("a merge: into another open case, of a department the cadre may act for", () => {
      const merge = (c: Case, lead: Partial<Case> | null, by: Actor) =>
        actions.merge.refuse!(c, { type: "merge", into: "MQ-20261130-0001" }, by, { ...ctx, other: lead === null ? null : aCase({ id: 2, state: "submitted", ...lead }) });
      const dup = aCase({ id: 1 });
      expect(merge(dup, null, cadre("wang"))).toBe("merge_target");
      expect(merge(dup, { id: 1 }, cadre("wang"))).toBe("merge_target");
      expect(merge(dup, { state: "closed" }, cadre("wang"))).toBe("merge_target");
      expect(merge(dup, { departmentId: "zhujian" }, cadre("wang"))).toBe("merge_not_yours");
      expect(merge(dup, { departmentId: "zhujian" }, cadre("zhao"))).toBeNull();
      expect(merge(dup, {}, cadre("wang"))).toBeNull();
    });

    test("a transfer to the same department, a review long after resolution, a reassignment of a cadre still in place", () => {
      expect(refusal(aCase(), { type: "transfer", departmentId: "chengguan" }, cadre("wang"))).toBe("same_department");
      expect(refusal(aCase({ resolvedAt: new Date("2026-01-01T00:00:00Z") }), { type: "review", reason: "x" }, { kind: "resident", residentId: 1 })).toBe("review_window_closed");
      expect(refusal(aCase(), { type: "reassign" }, { kind: "system" })).toBe("not_allowed");
      expect(refusal(aCase({ cadreId: "gone" }), { type: "reassign" }, { kind: "system" })).toBeNull();
    });
  });
});
