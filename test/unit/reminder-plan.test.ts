import { loadSettings } from "../../src/config/load";
import { Case } from "../../src/db/entities/case";
import { planReminders } from "../../src/cases/reminder-plan";

const settings = loadSettings({}).deployment.reminders;
const t0 = new Date("2026-11-23T02:00:00Z");
const h = (n: number) => new Date(t0.getTime() + n * 3_600_000);

function aCase(fields: Partial<Case>): Case {
  return Object.assign(new Case(), {
    id: 1,
    state: "submitted",
    urgent: false,
    createdAt: t0,
    acceptDueAt: h(24),
    answerDueAt: h(72),
    finishDueAt: null,
    firstAnswerAt: null,
    resolvedAt: null,
    residentNotifiedAt: t0,
    ...fields,
  });
}

const kinds = (c: Case, now = t0) => planReminders(c, now, settings).map((r) => r.kind);

describe("the reminders a case needs", () => {
  test("a new case: accept and first-answer deadlines, each with a warning before; and the resident's update", () => {
    expect(kinds(aCase({}))).toEqual(["accept_soon", "accept_overdue", "answer_soon", "answer_overdue", "resident_update"]);
  });

  test("a warning whose time has passed is left out; the overdue reminder stays", () => {
    expect(kinds(aCase({}), h(22))).toEqual(["accept_overdue", "answer_soon", "answer_overdue", "resident_update"]);
  });

  test("once accepted and answered, only the finish deadline counts", () => {
    expect(kinds(aCase({ state: "in_progress", firstAnswerAt: h(1), finishDueAt: h(300) }))).toEqual(["finish_soon", "finish_overdue", "resident_update"]);
  });

  test("a resolved case waits for its rating, then closes", () => {
    expect(kinds(aCase({ state: "resolved", firstAnswerAt: h(1), resolvedAt: h(5) }))).toEqual(["rating_reminder", "close_unrated"]);
  });

  test("a closed case needs nothing", () => {
    expect(kinds(aCase({ state: "closed" }))).toEqual([]);
  });
});
