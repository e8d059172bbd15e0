import type { StatsCounts } from "../db/repositories/stats-repository";

export interface Rates {
  /** 响应率: answered by the deadline, of the cases judged; null with none to judge. */
  responseRate: number | null;
  /** 解决率: resolved, of the cases owed a solution. */
  resolutionRate: number | null;
  /** 满意率: satisfied, of the rated cases. */
  satisfactionRate: number | null;
}

export function rates(c: StatsCounts): Rates {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    responseRate: ratio(c.answeredInTime, c.responseCounted),
    resolutionRate: ratio(c.resolved, c.owed),
    satisfactionRate: ratio(c.satisfied, c.rated),
  };
}
