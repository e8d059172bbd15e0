/**
 * Where the charts draw their plots inside their boxes, in pixels. Fixed rather than fitted to
 * the labels, so a long department name is cut (with its full name in the tooltip) instead of
 * squeezing the bars; and so the browser tests can click a bar or a cell where it is.
 */
export const GROUP_GRID = { left: 136, right: 16, top: 36, bottom: 24 };
export const GROUP_ROW_PX = 40;
export const TREND_GRID = { left: 44, right: 48, top: 40, bottom: 32 };
export const TREND_HEIGHT_PX = 280;
export const HEAT_GRID = { left: 84, right: 8, top: 12, bottom: 72 };
export const HEAT_ROW_PX = 34;
export const HEAT_COLUMN_MIN_PX = 40;
export const BACKLOG_GRID = { left: 88, right: 40, top: 36, bottom: 16 };
export const BACKLOG_ROW_PX = 32;

/** The height a chart of `rows` rows needs. */
export function heightFor(rows: number, rowPx: number, grid: { top: number; bottom: number }): number {
  return grid.top + grid.bottom + Math.max(rows, 1) * rowPx;
}

export interface HeatCellIds {
  categoryId: string;
  communityId: string | null;
  cases: number;
}

/**
 * The heat map's rows (categories) and columns (communities), the busiest first, so where problems
 * cluster is top left; the cell with no community goes last, as it is nowhere on the map.
 */
export function heatAxes(cells: readonly HeatCellIds[]): { categories: string[]; communities: (string | null)[] } {
  const totals = <K>(key: (c: HeatCellIds) => K) => {
    const sums = new Map<K, number>();
    for (const c of cells) sums.set(key(c), (sums.get(key(c)) ?? 0) + c.cases);
    return [...sums.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  };
  const communities = totals((c) => c.communityId);
  return { categories: totals((c) => c.categoryId), communities: [...communities.filter((c) => c !== null), ...communities.filter((c) => c === null)] };
}
