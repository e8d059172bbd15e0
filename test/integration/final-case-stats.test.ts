import type { Actor } from "../../src/cases/case-service";
import type { CaseAction, CaseState } from "../../src/cases/state-machine";
import type { LedgerFilter } from "../../src/case-filters/filter";
import type { QueryContext } from "../../src/case-filters/where";
import { rebuildFinalCaseStats } from "../../src/db/repositories/final-case-stats-repository";
import { findOrRegister } from "../../src/db/repositories/resident-repository";
import { statsBy, statsDimensions, type StatsCounts, type StatsResult } from "../../src/db/repositories/stats-repository";
import type { Resident } from "../../src/db/entities/resident";
import type { Tx } from "../../src/db/tx";
import { FinalCaseStats1764900000000 } from "../../migrations/1764900000000-final-case-stats";
import { insertCases, type FixtureCase } from "../support/case-fixture";
import { backends } from "../support/databases";
import { statsByScanning } from "../support/stats-reference";
import { startTestApp, testDeployment, type TestApp } from "../support/test-app";

/**
 * The statistics read final cases from their sums per day (case_stats_daily) and count only open
 * cases live. They must answer exactly what the query before them answered (kept as the reference,
 * test/support/stats-reference.ts): on cases moved at random through CaseService (every action, merges,
 * transfers, reopenings and reviews included), and on cases written straight into the table and
 * summed by the migration or a rebuild. Counts must be equal; average hours equal to a float's
 * precision (the reference adds floats in whatever order PostgreSQL scans; the sums keep exact
 * microseconds).
 */

/** A small seeded generator (mulberry32): the same walk every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const counts = (c: StatsCounts) => {
  const { hoursToAccept: _a, hoursToAnswer: _b, hoursToFinish: _c, ...rest } = c;
  return rest;
};
const closeTo = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

function expectSame(actual: StatsResult, expected: StatsResult, label: string): void {
  expect({ label, rows: actual.rows.map((r) => ({ key: r.key, ...counts(r) })), total: counts(actual.total) }).toEqual({
    label,
    rows: expected.rows.map((r) => ({ key: r.key, ...counts(r) })),
    total: counts(expected.total),
  });
  const hours = (x: StatsCounts) => [x.hoursToAccept, x.hoursToAnswer, x.hoursToFinish];
  [...actual.rows.map(hours), hours(actual.total)].forEach((h, i) => {
    const e = i < expected.rows.length ? hours(expected.rows[i]!) : hours(expected.total);
    h.forEach((x, j) => {
      if (!closeTo(x, e[j]!)) throw new Error(`${label}: hours ${j} of row ${i}: ${String(x)} against ${String(e[j])}`);
    });
  });
}

const filters = (days: [string, string]): { name: string; filter: LedgerFilter; scope?: string }[] => [
  { name: "all", filter: {} },
  { name: "one department", filter: { departmentId: "chengguan" } },
  { name: "a handler's scope", filter: {}, scope: "zhujian" },
  { name: "two categories", filter: { categoryIds: ["city", "housing"] } },
  { name: "one community", filter: { communityId: "dongjie" } },
  { name: "a period of days", filter: { from: { day: days[0] }, to: { day: days[1] } } },
  { name: "from a day", filter: { from: { day: days[1] } } },
  { name: "states (counted live)", filter: { states: ["closed", "in_progress"] } },
];

async function expectSameEverywhere(db: Tx, ctx: Omit<QueryContext, "departmentScope">, days: [string, string], label: string): Promise<void> {
  for (const f of filters(days)) {
    const context = { ...ctx, departmentScope: f.scope ?? null };
    for (const by of statsDimensions) {
      expectSame(await statsBy(db, by, f.filter, context), await statsByScanning(db, by, f.filter, context), `${label}, ${f.name}, per ${by}`);
    }
  }
}

describe.each(backends)("statistics from the sums of final cases on the %s database", (backend) => {
  let t: TestApp;
  let now = new Date("2026-01-05T15:00:00Z");
  const clock = { now: () => now };
  const deployment = testDeployment();
  const supervisor: Actor = { kind: "cadre", cadre: deployment.cadres.find((c) => c.id === "zhao")! };
  const categories = deployment.categories.map((c) => c.id);
  const communities = deployment.communities.map((c) => c.id);
  const departments = deployment.departments.map((d) => d.id);

  beforeAll(async () => {
    t = await startTestApp({ backend, clock, deployment });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  const transact = <T>(work: (tx: Tx) => Promise<T>) => t.app.database.dataSource.transaction(work);
  const db = () => t.app.database.dataSource.manager;

  test("equal the reference at every stage of a random walk through CaseService", async () => {
    const next = random(13);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const residents: Resident[] = await transact(async (tx) => {
      const made: Resident[] = [];
      for (let i = 0; i < 12; i++) made.push((await findOrRegister(tx, { channel: "web", accountId: `r-walk-${i}`, displayName: null, locale: "zh-Hans" })).resident);
      return made;
    });
    const filed: { id: number; number: string; resident: Resident }[] = [];
    const firstDay = now.toISOString().slice(0, 10);
    let middleDay = firstDay;

    const actionFor = (state: CaseState, number: string): { action: CaseAction; actor: "cadre" | "resident" | "system" } => {
      const others = filed.filter((f) => f.number !== number);
      switch (state) {
        case "submitted":
        case "accepted":
        case "in_progress":
          return pick<{ action: CaseAction; actor: "cadre" | "resident" | "system" }>([
            { action: { type: "accept" }, actor: "cadre" },
            { action: { type: "reply", text: "正在处理" }, actor: "cadre" },
            { action: { type: "reply", text: "已派人查看" }, actor: "cadre" },
            { action: { type: "resolve", text: "已修好" }, actor: "cadre" },
            { action: { type: "resolve", text: "已处理" }, actor: "cadre" },
            { action: { type: "reject", reason: "不属于受理范围" }, actor: "cadre" },
            { action: { type: "transfer", departmentId: pick(departments) }, actor: "cadre" },
            { action: { type: "withdraw" }, actor: "resident" },
            { action: { type: "supplement", text: "又坏了", repeat: true }, actor: "resident" },
            { action: { type: "merge", into: others.length > 0 ? pick(others).number : number }, actor: "cadre" },
          ]);
        case "resolved":
          return pick<{ action: CaseAction; actor: "cadre" | "resident" | "system" }>([
            { action: { type: "rate", rating: 1 + Math.floor(next() * 5) }, actor: "resident" },
            { action: { type: "rate", rating: 1 + Math.floor(next() * 5) }, actor: "resident" },
            { action: { type: "review", reason: "没有修好" }, actor: "resident" },
            { action: { type: "close_unrated" }, actor: "system" },
            { action: { type: "note", text: "回访" }, actor: "cadre" },
          ]);
        case "closed":
          return pick<{ action: CaseAction; actor: "cadre" | "resident" | "system" }>([
            { action: { type: "review", reason: "又坏了" }, actor: "resident" },
            { action: { type: "note", text: "回访" }, actor: "cadre" },
          ]);
        default:
          return { action: { type: "note", text: "存档" }, actor: "cadre" };
      }
    };

    let applied = 0;
    for (let step = 0; step < 700; step++) {
      // Mostly minutes to hours apart, now and then days: cases are filed and closed across local midnights and months.
      now = new Date(now.getTime() + (next() < 0.1 ? next() * 5 * 86_400_000 : next() * 6 * 3_600_000));
      if (step === 350) middleDay = now.toISOString().slice(0, 10);
      if (filed.length < 20 || next() < 0.25) {
        const resident = pick(residents);
        const draft = { texts: ["路灯坏了"], photos: [], location: null, categoryId: pick(categories), communityId: next() < 0.2 ? "" : pick(communities), urgent: next() < 0.1 };
        const c = await transact((tx) => t.app.cases.create(tx, resident, resident.accountId, draft));
        filed.push({ id: c.id, number: c.number, resident });
        continue;
      }
      const target = pick(filed);
      const result = await transact(async (tx) => {
        const c = await t.app.cases.lock(tx, { id: target.id });
        const { action, actor } = actionFor(c!.state, target.number);
        const who: Actor = actor === "cadre" ? supervisor : actor === "resident" ? { kind: "resident", residentId: target.resident.id } : { kind: "system" };
        return t.app.cases.apply(tx, { id: target.id }, action, who);
      });
      if (result.ok) applied++;
      if (step % 175 === 174) await expectSameEverywhere(db(), { now, timeZone: deployment.timezone }, [firstDay, middleDay], `step ${step}`);
    }
    await expectSameEverywhere(db(), { now, timeZone: deployment.timezone }, [firstDay, middleDay], "the end");
    // The walk did reach every kind of case.
    const states: { state: CaseState; n: string }[] = await db().query(`SELECT state, count(*) AS n FROM cases GROUP BY 1`);
    expect(states.map((s) => s.state).sort()).toEqual(["accepted", "closed", "in_progress", "merged", "rejected", "resolved", "submitted", "withdrawn"]);
    expect(applied).toBeGreaterThan(300);
    const reopened: { n: string }[] = await db().query(`SELECT count(*) AS n FROM case_events WHERE type IN ('review', 'rate')`);
    expect(Number(reopened[0]!.n)).toBeGreaterThan(20);
  }, 240_000);

  test("equal the reference on cases written straight into the table, summed by the migration and by a rebuild for another zone", async () => {
    const next = random(2026);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const seen = new Date(now.getTime() + 30 * 86_400_000);
    const states: CaseState[] = ["submitted", "accepted", "in_progress", "resolved", "closed", "rejected", "withdrawn", "merged"];
    const hours = (from: number) => from + Math.floor(next() * 60);
    const rows: FixtureCase[] = Array.from({ length: 400 }, (_, i) => {
      const state = pick(states);
      // Every time before `seen`: a final case was closed in the past.
      const created = new Date(seen.getTime() - (250 + next() * 120 * 24) * 3_600_000);
      const accepted = state === "submitted" || next() < 0.2 ? undefined : hours(0);
      const answered = ["resolved", "closed"].includes(state) || (state !== "submitted" && next() < 0.5) ? hours(accepted ?? 0) : undefined;
      const resolved = ["resolved", "closed"].includes(state) ? hours(answered ?? 0) : undefined;
      const closed = ["closed", "rejected", "withdrawn", "merged"].includes(state) ? hours(resolved ?? answered ?? 0) : undefined;
      return {
        number: `MQ-STRAIGHT-${i}`,
        department: pick(departments),
        category: pick(categories),
        community: next() < 0.15 ? null : pick(communities),
        text: "straight",
        state,
        created: created.toISOString(),
        dueHours: 1 + Math.floor(next() * 100),
        acceptedHours: accepted,
        answeredHours: answered,
        resolvedHours: resolved,
        closedHours: closed,
        rating: state === "closed" ? (next() < 0.2 ? undefined : 3 + Math.floor(next() * 3)) : state === "in_progress" && next() < 0.3 ? 1 + Math.floor(next() * 5) : undefined,
      };
    });
    await insertCases(db(), rows);
    // Repeats (人次) and merges (件), which the fixture does not write.
    await db().query(`UPDATE cases SET repeats = (id % 3) WHERE number LIKE 'MQ-STRAIGHT-%' AND id % 5 = 0`);
    await db().query(`UPDATE cases SET lead_case_id = (SELECT min(id) FROM cases) WHERE state = 'merged' AND number LIKE 'MQ-STRAIGHT-%'`);
    const days: [string, string] = [new Date(seen.getTime() - 60 * 86_400_000).toISOString().slice(0, 10), new Date(seen.getTime() - 20 * 86_400_000).toISOString().slice(0, 10)];

    // The migration's own backfill, over the walk's cases and these.
    const migration = new FinalCaseStats1764900000000();
    const runner = t.app.database.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await expectSameEverywhere(db(), { now: seen, timeZone: "Asia/Shanghai" }, days, "migration");

    // A deployment in a zone with summer time: its days, made again.
    await transact((tx) => rebuildFinalCaseStats(tx, "America/New_York", { ifStale: true }));
    await expectSameEverywhere(db(), { now: seen, timeZone: "America/New_York" }, days, "New York");
    // Sums made for New York are not read for Shanghai: every case is counted live then, and still right.
    await expectSameEverywhere(db(), { now: seen, timeZone: "Asia/Shanghai" }, days, "Shanghai, live");
  }, 240_000);
});
