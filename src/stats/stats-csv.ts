import { csvRow } from "../case-filters/csv";
import type { Directory } from "../config/directory";
import type { Texts } from "../texts";
import type { StatsCounts, StatsDimension, StatsResult } from "../db/repositories/stats-repository";
import { rates } from "./rates";

/** The statistics as CSV: one line per group and a total line, rates as percentages, times in hours. */
export function statsCsv(result: StatsResult, dimension: StatsDimension, t: Texts, directory: Directory): string {
  const c = t.statsColumns;
  // People and matters last: the columns before them keep their places for whoever reads them already.
  const header = csvRow([c[dimension], c.filed, c.responseRate, c.resolutionRate, c.satisfactionRate, c.hoursToAccept, c.hoursToAnswer, c.hoursToFinish, c.open, c.overdue, c.rated, c.people, c.matters]);
  const line = (label: string, counts: StatsCounts) => {
    const r = rates(counts);
    return csvRow([label, counts.filed, percent(r.responseRate), percent(r.resolutionRate), percent(r.satisfactionRate), hours(counts.hoursToAccept), hours(counts.hoursToAnswer), hours(counts.hoursToFinish), counts.open, counts.overdue, counts.rated, counts.people, counts.matters]);
  };
  const label = (key: string | null) => (dimension === "month" ? (key ?? "") : key === null ? c.noCommunity : directory.nameOf(dimension, key));
  return header + result.rows.map((row) => line(label(row.key), row)).join("") + line(c.total, result.total);
}

function percent(rate: number | null): string {
  return rate === null ? "" : `${(rate * 100).toFixed(1)}%`;
}

function hours(value: number | null): string {
  return value === null ? "" : value.toFixed(1);
}
