import { openDatabase, type Database } from "../../src/db/database";
import { findCases } from "../../src/db/repositories/ledger-repository";
import type { LedgerFilter } from "../../src/case-filters/filter";
import type { QueryContext } from "../../src/case-filters/where";
import { backlogAging, categoryCommunityHeat, statsBy } from "../../src/db/repositories/stats-repository";
import { rates } from "../../src/stats/rates";
import { insertCases } from "../support/case-fixture";
import { backends, createTestDatabase, type TestDatabase } from "../support/databases";
import { NOW, statsFixture } from "../support/stats-fixture";

/** The statistics and the ledger's filters against answers worked out by hand (see the fixture's comments). */
describe.each(backends)("statistics on the %s database", (backend) => {
  let testDb: TestDatabase;
  let db: Database;
  const all: QueryContext = { now: NOW, timeZone: "Asia/Shanghai", departmentScope: null };

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    db = await openDatabase(testDb.settings);
    await insertCases(db.dataSource.manager, statsFixture);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const numbers = async (filter: LedgerFilter, ctx = all) =>
    (await findCases(db.dataSource.manager, filter, ctx, { by: "created", direction: "asc" }, { offset: 0, limit: 50 })).rows.map((r) => r.number.slice(3));

  test("the three rates, the average times and the backlog of all cases", async () => {
    const { total } = await statsBy(db.dataSource.manager, "department", {}, all);
    expect(total).toMatchObject({ filed: 10, responseCounted: 8, answeredInTime: 4, owed: 7, resolved: 2, rated: 2, satisfied: 1, open: 5, overdue: 2 });
    expect(rates(total)).toEqual({ responseRate: 0.5, resolutionRate: 2 / 7, satisfactionRate: 0.5 });
    expect(total.hoursToAccept).toBeCloseTo(57 / 5, 6);
    expect(total.hoursToAnswer).toBeCloseTo(148 / 4, 6);
    expect(total.hoursToFinish).toBeCloseTo(48, 6);
  });

  test("per department, with no made-up rate where there is nothing to judge", async () => {
    const { rows } = await statsBy(db.dataSource.manager, "department", {}, all);
    const by = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(by["chengguan"]).toMatchObject({ filed: 5, responseCounted: 5, answeredInTime: 2, owed: 5, resolved: 2, rated: 1, satisfied: 1, open: 3, overdue: 2 });
    expect(by["zhujian"]).toMatchObject({ filed: 3, responseCounted: 2, answeredInTime: 2, owed: 2, resolved: 0, rated: 1, satisfied: 0, open: 2, overdue: 0 });
    expect(by["renshe"]).toMatchObject({ filed: 2, responseCounted: 1, answeredInTime: 0, owed: 0, open: 0 });
    expect(rates(by["renshe"]!)).toEqual({ responseRate: 0, resolutionRate: null, satisfactionRate: null });
    expect(Object.keys(by).sort()).toEqual(["chengguan", "renshe", "zhujian"]);
  });

  test("per month in the county's time zone, and per community with the cases that named none", async () => {
    const months = await statsBy(db.dataSource.manager, "month", {}, all);
    expect(months.rows.map((r) => [r.key, r.filed])).toEqual([["2026-01", 2], ["2026-02", 4], ["2026-03", 4]]);
    const communities = await statsBy(db.dataSource.manager, "community", {}, all);
    expect(Object.fromEntries(communities.rows.map((r) => [String(r.key), r.filed]))).toEqual({ dongjie: 4, xijie: 1, nanhu: 1, hexi: 2, xincheng: 1, null: 1 });
    const categories = await statsBy(db.dataSource.manager, "category", {}, all);
    expect(Object.fromEntries(categories.rows.map((r) => [r.key, r.filed]))).toEqual({ city: 5, housing: 2, gas: 1, labour: 2 });
  });

  test("a period of local days, and a handler's view of their department only", async () => {
    const february = await statsBy(db.dataSource.manager, "department", { from: { day: "2026-02-01" }, to: { day: "2026-02-28" } }, all);
    expect(february.total.filed).toBe(4);
    // B was filed at 00:30 on 1 February in Shanghai (31 January in UTC): it is February's.
    expect(await numbers({ from: { day: "2026-02-01" }, to: { day: "2026-02-28" } })).toEqual(["20260201-0001", "20260201-0002", "20260210-0001", "20260220-0001"]);
    const handler = { ...all, departmentScope: "zhujian" };
    expect((await statsBy(db.dataSource.manager, "department", {}, handler)).total.filed).toBe(3);
    expect(await numbers({}, handler)).toEqual(["20260220-0001", "20260301-0001", "20260315-0001"]);
  });

  test("backlog aging bands and the category × community heat map", async () => {
    const bands = await backlogAging(db.dataSource.manager, {}, all);
    expect(bands.map((b) => b.open)).toEqual([1, 0, 1, 1, 0, 2]);
    expect(bands.map((b) => b.overdue)).toEqual([0, 0, 1, 0, 0, 1]);
    const heat = await categoryCommunityHeat(db.dataSource.manager, {}, all);
    const cell = (category: string, community: string | null) => heat.find((h) => h.categoryId === category && h.communityId === community)?.cases;
    expect(cell("city", "dongjie")).toBe(3);
    expect(cell("labour", "hexi")).toBe(2);
    expect(cell("housing", null)).toBe(1);
    expect(heat.reduce((n, h) => n + h.cases, 0)).toBe(10);
  });

  test("the ledger's filters: overdue, state, urgent, Chinese words of one and two characters, a case number", async () => {
    expect(await numbers({ overdue: true })).toEqual(["20260210-0001", "20260310-0001"]);
    expect(await numbers({ states: ["withdrawn", "rejected"] })).toEqual(["20260201-0002", "20260220-0001", "20260305-0001"]);
    expect(await numbers({ urgent: true })).toEqual(["20260315-0001"]);
    expect(await numbers({ q: "路灯" })).toEqual(["20260110-0001", "20260120-0001"]);
    expect(await numbers({ q: "灯" })).toEqual(["20260110-0001", "20260120-0001"]);
    expect(await numbers({ q: "坏了" })).toEqual(["20260110-0001", "20260120-0001", "20260220-0001"]);
    expect(await numbers({ q: "东街路灯又" })).toEqual(["20260120-0001"]);
    expect(await numbers({ q: "路灯 坏" })).toEqual([]);
    expect(await numbers({ q: "mq-20260305-0001" })).toEqual(["20260305-0001"]);
    expect(await numbers({ categoryIds: ["city"], communityId: "dongjie", states: ["closed", "resolved"] })).toEqual(["20260110-0001", "20260120-0001"]);
  });
});
