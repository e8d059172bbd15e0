import type { FixtureCase } from "./case-fixture";

const TEXTS = [
  "东街菜市场门口的路灯坏了一个星期，晚上很黑，老人走路不安全",
  "西街小学门口有流动摊贩占道经营，上下学时间堵得走不动",
  "南湖公园东门垃圾桶满了好几天没人清理，味道很大",
  "新城小区3号楼旁边的井盖松动，踩上去会晃",
  "河西村村口的广告牌被风吹歪了，随时可能掉下来",
  "东街社区有人在绿化带里乱堆建筑垃圾",
  "西街路口夜市烧烤油烟太大，楼上住户窗都不敢开",
];
const COMMUNITIES = ["dongjie", "xijie", "nanhu", "xincheng", "hexi"];

/**
 * Forty open cases of 城市管理局 at times around `now`, as a department has on a busy week: some
 * not yet accepted, some overdue, some due within hours, three urgent, half of them wang's.
 */
export function busyDepartment(now: Date, count = 40): FixtureCase[] {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  return Array.from({ length: count }, (_, i) => {
    const ageHours = 2 + ((i * 7) % 60);
    const state = i % 3 === 0 ? "submitted" : i % 3 === 1 ? "accepted" : "in_progress";
    // Deadlines spread from 20 hours overdue to four days ahead.
    const dueHours = ageHours + ((i * 13) % 120) - 20;
    return {
      number: `MQ-${day}-${String(9000 + i).padStart(4, "0")}`,
      department: "chengguan",
      category: "city",
      community: COMMUNITIES[i % COMMUNITIES.length]!,
      text: TEXTS[i % TEXTS.length]!,
      state,
      created: new Date(now.getTime() - ageHours * 3_600_000).toISOString(),
      dueHours,
      ...(state === "submitted" ? {} : { acceptedHours: 1 }),
      ...(state === "in_progress" ? { answeredHours: 1.5 } : {}),
      urgent: i % 13 === 5,
      cadre: i % 2 === 0 ? "wang" : "zhou",
    };
  });
}
