/**
 * The State Council's public-holiday and make-up-day schedule (国务院办公厅关于XXXX年部分节假日安排的通知),
 * one entry per year whose notice we have read, with where we read it. Each period is copied from
 * the notice as written ("X月X日至X日放假调休，共N天。X月X日（周六）上班。"): `days` is its 共N天 and
 * `workdays` the weekend days it says are worked; the tests check the two agree with the dates.
 *
 * A year not here is counted with weekends only. Each November or December the General Office
 * publishes the next year's notice: add it here (or, until a release carries it, in the county's
 * own `calendar.holidays` / `calendar.workdays`). Never fill in a year from a pattern or memory.
 */

export interface HolidayPeriod {
  /** The festival as the notice names it: 元旦, 春节, 中秋节、国庆节 … */
  name: string;
  /** First and last day off, inclusive. */
  from: string;
  to: string;
  /** The notice's 共N天. */
  days: number;
  /** The weekend days the notice says are worked for this period (上班). */
  workdays: string[];
}

export interface HolidayNotice {
  year: number;
  /** 国务院办公厅关于XXXX年部分节假日安排的通知 */
  title: string;
  /** The 发文字号 (国办发明电〔…〕…号), or null where no source we read printed it. */
  number: string | null;
  /** The date the notice is signed. */
  issued: string;
  /** Where we read the full text. */
  source: string;
  /** Who published that copy, when it is not gov.cn itself. */
  sourceNote: string;
  periods: HolidayPeriod[];
}

export const cnPublicHolidayNotices: readonly HolidayNotice[] = [
  {
    year: 2023,
    title: "国务院办公厅关于2023年部分节假日安排的通知",
    number: "国办发明电〔2022〕16号",
    issued: "2022-12-08",
    source: "https://zh.m.wikisource.org/zh/国务院办公厅关于2023年部分节假日安排的通知",
    sourceNote: "维基文库 transcription of 国务院公报 2023年第1号; the same text on news.china.com.cn (新华社, 2022-12-09)",
    periods: [
      // 元旦 starts on the last day of 2022.
      { name: "元旦", from: "2022-12-31", to: "2023-01-02", days: 3, workdays: [] },
      { name: "春节", from: "2023-01-21", to: "2023-01-27", days: 7, workdays: ["2023-01-28", "2023-01-29"] },
      { name: "清明节", from: "2023-04-05", to: "2023-04-05", days: 1, workdays: [] },
      { name: "劳动节", from: "2023-04-29", to: "2023-05-03", days: 5, workdays: ["2023-04-23", "2023-05-06"] },
      { name: "端午节", from: "2023-06-22", to: "2023-06-24", days: 3, workdays: ["2023-06-25"] },
      { name: "中秋节、国庆节", from: "2023-09-29", to: "2023-10-06", days: 8, workdays: ["2023-10-07", "2023-10-08"] },
    ],
  },
  {
    year: 2024,
    title: "国务院办公厅关于2024年部分节假日安排的通知",
    number: "国办发明电〔2023〕7号",
    issued: "2023-10-25",
    source: "https://zh.wikisource.org/wiki/国务院办公厅关于2024年部分节假日安排的通知",
    sourceNote: "维基文库 transcription of 国务院公报 2023年第31号",
    periods: [
      // "1月1日放假，与周末连休": one day.
      { name: "元旦", from: "2024-01-01", to: "2024-01-01", days: 1, workdays: [] },
      // 除夕 (9 February) is only "encouraged" off (鼓励各单位…安排职工在除夕休息): a working day.
      { name: "春节", from: "2024-02-10", to: "2024-02-17", days: 8, workdays: ["2024-02-04", "2024-02-18"] },
      { name: "清明节", from: "2024-04-04", to: "2024-04-06", days: 3, workdays: ["2024-04-07"] },
      { name: "劳动节", from: "2024-05-01", to: "2024-05-05", days: 5, workdays: ["2024-04-28", "2024-05-11"] },
      // "6月10日放假，与周末连休": one day.
      { name: "端午节", from: "2024-06-10", to: "2024-06-10", days: 1, workdays: [] },
      { name: "中秋节", from: "2024-09-15", to: "2024-09-17", days: 3, workdays: ["2024-09-14"] },
      { name: "国庆节", from: "2024-10-01", to: "2024-10-07", days: 7, workdays: ["2024-09-29", "2024-10-12"] },
    ],
  },
  {
    // The first year under the revised 全国年节及纪念日放假办法 (November 2024): 除夕 and 5月2日 added.
    year: 2025,
    title: "国务院办公厅关于2025年部分节假日安排的通知",
    number: "国办发明电〔2024〕12号",
    issued: "2024-11-12",
    source: "https://m.gmw.cn/2024-11/12/content_1303894933.htm",
    sourceNote: "光明网, reprinting 新华社 (2024-11-12) in full; the 发文字号 is from reprints that print the notice's head",
    periods: [
      { name: "元旦", from: "2025-01-01", to: "2025-01-01", days: 1, workdays: [] },
      { name: "春节", from: "2025-01-28", to: "2025-02-04", days: 8, workdays: ["2025-01-26", "2025-02-08"] },
      { name: "清明节", from: "2025-04-04", to: "2025-04-06", days: 3, workdays: [] },
      { name: "劳动节", from: "2025-05-01", to: "2025-05-05", days: 5, workdays: ["2025-04-27"] },
      { name: "端午节", from: "2025-05-31", to: "2025-06-02", days: 3, workdays: [] },
      { name: "国庆节、中秋节", from: "2025-10-01", to: "2025-10-08", days: 8, workdays: ["2025-09-28", "2025-10-11"] },
    ],
  },
  {
    year: 2026,
    title: "国务院办公厅关于2026年部分节假日安排的通知",
    number: null,
    issued: "2025-11-04",
    source: "https://politics.gmw.cn/2025-11/04/content_38391083.htm",
    sourceNote: "光明网, reprinting 新华社 (2025-11-04) in full; no source we read printed the 发文字号",
    periods: [
      { name: "元旦", from: "2026-01-01", to: "2026-01-03", days: 3, workdays: ["2026-01-04"] },
      { name: "春节", from: "2026-02-15", to: "2026-02-23", days: 9, workdays: ["2026-02-14", "2026-02-28"] },
      { name: "清明节", from: "2026-04-04", to: "2026-04-06", days: 3, workdays: [] },
      { name: "劳动节", from: "2026-05-01", to: "2026-05-05", days: 5, workdays: ["2026-05-09"] },
      { name: "端午节", from: "2026-06-19", to: "2026-06-21", days: 3, workdays: [] },
      { name: "中秋节", from: "2026-09-25", to: "2026-09-27", days: 3, workdays: [] },
      { name: "国庆节", from: "2026-10-01", to: "2026-10-07", days: 7, workdays: ["2026-09-20", "2026-10-10"] },
    ],
  },
];
