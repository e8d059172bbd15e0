import type { Rates, StatsCounts } from "../vocabulary/stats-figures";

export type { Rates };

export function rates(c: StatsCounts): Rates {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    responseRate: ratio(c.answeredInTime, c.responseCounted),
    resolutionRate: ratio(c.resolved, c.owed),
    satisfactionRate: ratio(c.satisfied, c.rated),
  };
}
