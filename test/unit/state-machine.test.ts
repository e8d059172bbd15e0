import { canApply, nextState } from "../../src/cases/actions";
import type { CaseAction, CaseState } from "../../src/cases/state-machine";

describe("the case state machine", () => {
  const reply: CaseAction = { type: "reply", text: "x" };

  test("the first reply to a new case puts it in progress", () => {
    expect(nextState("submitted", reply)).toBe("in_progress");
  });

  test("a closed, rejected or withdrawn case takes no further action but a note", () => {
    for (const state of ["closed", "rejected", "withdrawn"] as CaseState[]) {
      expect(nextState(state, reply)).toBeNull();
      expect(nextState(state, { type: "resolve", text: "x" })).toBeNull();
      expect(nextState(state, { type: "note", text: "x" })).toBe(state);
    }
  });

  test("a rating of 1 or 2 reopens a resolved case; 3 to 5 closes it", () => {
    expect(nextState("resolved", { type: "rate", rating: 1 })).toBe("in_progress");
    expect(nextState("resolved", { type: "rate", rating: 2 })).toBe("in_progress");
    expect(nextState("resolved", { type: "rate", rating: 3 })).toBe("closed");
    expect(nextState("resolved", { type: "rate", rating: 5 })).toBe("closed");
  });

  test("only an unresolved case can be rated never, withdrawn or transferred once resolved", () => {
    expect(canApply("in_progress", "rate")).toBe(false);
    expect(canApply("resolved", "withdraw")).toBe(false);
    expect(canApply("resolved", "transfer")).toBe(false);
  });

  test("a transfer hands the case to the new department as not yet accepted", () => {
    expect(nextState("in_progress", { type: "transfer", departmentId: "x" })).toBe("submitted");
  });

  test("rejection is only possible before work has started", () => {
    expect(canApply("submitted", "reject")).toBe(true);
    expect(canApply("accepted", "reject")).toBe(true);
    expect(canApply("in_progress", "reject")).toBe(false);
  });
});
