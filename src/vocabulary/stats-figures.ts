/**
 * The figures of the statistics (统计): the counts of a group of cases and the three rates of the
 * 12345 hotlines made of them. A leaf: the data layer counts them (src/db/repositories/
 * stats-repository.ts), src/stats/rates.ts divides them, and the workspace's pages read them
 * (src/http/dashboard/json-shapes.ts).
 */

export const statsDimensions = ["department", "community", "category", "month"] as const;
export type StatsDimension = (typeof statsDimensions)[number];

/** The counts behind the three rates of the 12345 hotlines, and the times and backlog of one group. */
export interface StatsCounts {
  filed: number;
  /** 人次: residents' appeals, each repeat of a matter by its resident once more. */
  people: number;
  /** 件: matters, the cases merged into another counted with it. */
  matters: number;
  /** Cases the response rate judges (answered, or their deadline passed while open) … */
  responseCounted: number;
  /** … and of those, answered by the deadline: 响应率. */
  answeredInTime: number;
  /** Cases owed a solution (not rejected, not withdrawn) … */
  owed: number;
  /** … and of those, resolved: 解决率. */
  resolved: number;
  /** Rated cases … */
  rated: number;
  /** … and of those, rated above the reopening threshold: 满意率. */
  satisfied: number;
  hoursToAccept: number | null;
  hoursToAnswer: number | null;
  hoursToFinish: number | null;
  open: number;
  overdue: number;
}

export interface Rates {
  /** 响应率: answered by the deadline, of the cases judged; null with none to judge. */
  responseRate: number | null;
  /** 解决率: resolved, of the cases owed a solution. */
  resolutionRate: number | null;
  /** 满意率: satisfied, of the rated cases. */
  satisfactionRate: number | null;
}
