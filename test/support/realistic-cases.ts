import type { CaseState } from "../../src/cases/state-machine";
import type { FixtureCase } from "./case-fixture";

/** Which department handles each category of the demo county (config/default.yaml). */
const DEPARTMENT_OF: Record<string, string> = {
  city: "chengguan", housing: "zhujian", gas: "zhujian", water: "shuiwu", labour: "renshe", education: "jiaoyu", health: "weijian",
  food_drug: "shijian", market: "shijian", traffic: "jiaotong", land: "ziran", police: "gongan", civil: "minzheng", environment: "shengtai",
  safety: "yingji", other: "xinfang",
};
const CADRE_OF: Record<string, string> = {
  chengguan: "wang", zhujian: "li", shuiwu: "gao", renshe: "zhang", jiaoyu: "liu", weijian: "chen", shijian: "sun", jiaotong: "wu",
  ziran: "zheng", gongan: "feng", minzheng: "he", shengtai: "xu", yingji: "ma", xinfang: "yang",
};
/** Commoner problems first: a county's ledger is mostly streets, housing, water and wages. */
const CATEGORIES = ["city", "city", "city", "housing", "housing", "water", "water", "labour", "traffic", "environment", "gas", "health", "education", "market", "civil", "other"];
const COMMUNITIES = ["dongjie", "dongjie", "xijie", "nanhu", "xincheng", "hexi", null];
const TEXTS: Record<string, string[]> = {
  city: ["东街路灯坏了一个星期了", "菜市场门口垃圾堆了三天没人清", "人行道地砖松动，老人容易摔倒", "小区门口占道经营，晚上很吵"],
  housing: ["楼道漏水，墙皮都泡掉了", "电梯经常停，物业不管", "物业费涨了也不公示"],
  water: ["自来水发黄有异味", "下水道堵了，污水漫到路上", "停水两天了也没有通知"],
  labour: ["工地拖欠工资三个月", "社保转移办了一个月还没好"],
  traffic: ["公交站牌被撞倒了", "路口红绿灯不亮"],
  environment: ["工厂晚上偷排废气，味道很大", "河道里有死鱼"],
  gas: ["楼道里闻到燃气味", "燃气表漏气"],
  health: ["社区医院排队太久"],
  education: ["学校门口接送太乱"],
  market: ["超市卖过期食品"],
  civil: ["低保申请一直没有回音"],
  other: ["想咨询一下老房子拆迁政策"],
};

/** A small deterministic generator, so every run draws the same county. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const day = (d: Date) => `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;

/**
 * `count` cases over the `months` months before `now`, of every kind a county has: answered in
 * minutes, in hours, in days, late, never; resolved, rated, rejected, withdrawn; a few urgent.
 * For screenshots and tests that want a dashboard that looks like a real one. Numbers end in
 * 5000 and up, which the service itself does not reach in a test.
 */
export function realisticCases(now: Date, count = 160, months = 6, seed = 14): FixtureCase[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const cases: FixtureCase[] = [];
  for (let i = 0; i < count; i++) {
    // Newer months hold more cases: the service is catching on.
    const ageDays = Math.floor(Math.pow(next(), 1.4) * months * 30) + 1;
    const created = new Date(now.getTime() - ageDays * 86_400_000 - Math.floor(next() * 10) * 3_600_000);
    const category = pick(CATEGORIES);
    const department = DEPARTMENT_OF[category]!;
    const urgent = category === "gas" && next() < 0.5;
    const dueHours = urgent ? 2 : 72;
    const roll = next();
    const base = {
      number: `MQ-${day(created)}-${String(5000 + i).padStart(4, "0")}`,
      department,
      category,
      community: pick(COMMUNITIES),
      text: pick(TEXTS[category]!),
      created: created.toISOString(),
      dueHours,
      urgent,
      cadre: CADRE_OF[department]!,
    };
    const acceptedHours = urgent ? 0.05 + next() * 0.3 : 0.2 + next() * 20;
    const answeredHours = acceptedHours + (urgent ? next() : next() * 90);
    const resolvedHours = answeredHours + 24 + next() * 200;
    const state = (s: CaseState) => s;
    if (roll < 0.08) cases.push({ ...base, state: state("submitted") });
    else if (roll < 0.16) cases.push({ ...base, state: state("accepted"), acceptedHours });
    // Some of them resolved once and reopened by a rating of 2 (重办).
    else if (roll < 0.32) cases.push({ ...base, state: state("in_progress"), acceptedHours, answeredHours, ...(next() < 0.2 ? { rating: 2 } : {}) });
    else if (roll < 0.42) cases.push({ ...base, state: state("resolved"), acceptedHours, answeredHours, resolvedHours });
    else if (roll < 0.88) cases.push({ ...base, state: state("closed"), acceptedHours, answeredHours, resolvedHours, closedHours: resolvedHours + 30, rating: next() < 0.85 ? 4 + Math.round(next()) : 3 });
    else if (roll < 0.94) cases.push({ ...base, state: state("rejected"), closedHours: 2 + next() * 30 });
    else cases.push({ ...base, state: state("withdrawn"), closedHours: 5 + next() * 40 });
  }
  // A created time beyond an answer in the future is not a fixture's business: keep every step in the past.
  return cases.filter((c) => Date.parse(c.created) + Math.max(c.closedHours ?? 0, c.resolvedHours ?? 0) * 3_600_000 < now.getTime());
}
