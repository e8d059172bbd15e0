import type { FixtureCase } from "./case-fixture";

/**
 * Ten cases with answers worked out by hand (test/integration/stats.test.ts), seen at NOW in
 * Asia/Shanghai. B is filed at 00:30 on 1 February in Shanghai, still 31 January in UTC: it
 * belongs to February's figures.
 */
export const NOW = new Date("2026-03-15T12:00:00+08:00");

export const statsFixture: FixtureCase[] = [
  // A: answered in time, resolved, rated 5, closed.
  { number: "MQ-20260110-0001", department: "chengguan", category: "city", community: "dongjie", text: "东街路灯坏了", state: "closed", created: "2026-01-10T10:00:00+08:00", dueHours: 72, acceptedHours: 2, answeredHours: 24, resolvedHours: 48, closedHours: 72, rating: 5 },
  // B: answered late (80 h against 72 h), still in progress.
  { number: "MQ-20260201-0001", department: "chengguan", category: "city", community: "dongjie", text: "东街井盖丢了", state: "in_progress", created: "2026-02-01T00:30:00+08:00", dueHours: 72, acceptedHours: 30, answeredHours: 80 },
  // C: never answered, deadline long past: overdue.
  { number: "MQ-20260210-0001", department: "chengguan", category: "city", community: "xijie", text: "西街垃圾没人清", state: "submitted", created: "2026-02-10T10:00:00+08:00", dueHours: 72 },
  // D: rejected within a day: the reason is the answer, in time.
  { number: "MQ-20260220-0001", department: "zhujian", category: "housing", community: "dongjie", text: "小区电梯坏了", state: "rejected", created: "2026-02-20T10:00:00+08:00", dueHours: 72, closedHours: 24 },
  // E: answered and resolved in time, rated 2, so reopened: not resolved now.
  { number: "MQ-20260301-0001", department: "zhujian", category: "housing", community: null, text: "楼道漏水", state: "in_progress", created: "2026-03-01T10:00:00+08:00", dueHours: 72, acceptedHours: 20, answeredHours: 20, rating: 2 },
  // F: urgent, filed an hour ago, due in an hour: not judged yet, not overdue.
  { number: "MQ-20260315-0001", department: "zhujian", category: "gas", community: "nanhu", text: "闻到燃气味道", state: "submitted", created: "2026-03-15T11:00:00+08:00", dueHours: 2, urgent: true, cadre: "li" },
  // G: withdrawn the next day, before its deadline: nobody's failure, left out.
  { number: "MQ-20260305-0001", department: "renshe", category: "labour", community: "hexi", text: "工资拖欠", state: "withdrawn", created: "2026-03-05T10:00:00+08:00", dueHours: 72, closedHours: 24, cadre: "zhang" },
  // H: withdrawn nine days in, unanswered past its deadline: counts as not answered in time.
  { number: "MQ-20260201-0002", department: "renshe", category: "labour", community: "hexi", text: "欠薪三个月", state: "withdrawn", created: "2026-02-01T08:00:00+08:00", dueHours: 72, closedHours: 216, cadre: "zhang" },
  // I: accepted within the hour but never answered: overdue.
  { number: "MQ-20260310-0001", department: "chengguan", category: "city", community: "xincheng", text: "新城路面坑洼", state: "accepted", created: "2026-03-10T10:00:00+08:00", dueHours: 72, acceptedHours: 1, cadre: "zhou" },
  // J: answered in time, resolved, waiting for a rating.
  { number: "MQ-20260120-0001", department: "chengguan", category: "city", community: "dongjie", text: "东街路灯又坏了", state: "resolved", created: "2026-01-20T10:00:00+08:00", dueHours: 72, acceptedHours: 4, answeredHours: 24, resolvedHours: 48 },
];
