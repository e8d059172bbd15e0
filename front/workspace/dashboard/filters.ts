import type { LocationQuery, LocationQueryRaw } from "vue-router";

/**
 * The filters of the ledger and the statistics, kept in the route's query (#/ledger?state=…), so a
 * filtered view survives a reload, can be sent to a colleague, and a chart's drill-down is only a
 * link. The names are the old dashboard's, so its bookmarks still work; the API reads the same
 * names (src/case-filters/filter.ts) except the order, which it takes as sort + order.
 */
export type LedgerOrder = "newest" | "oldest" | "due";

export interface Filters {
  states: string[];
  department: string;
  category: string;
  community: string;
  urgent: "" | "true" | "false";
  overdue: boolean;
  from: string;
  to: string;
  q: string;
  order: LedgerOrder;
  page: number;
}

export function emptyFilters(): Filters {
  return { states: [], department: "", category: "", community: "", urgent: "", overdue: false, from: "", to: "", q: "", order: "newest", page: 1 };
}

function text(query: LocationQuery, key: string): string {
  const value = query[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

export function filtersFromQuery(query: LocationQuery): Filters {
  const urgent = text(query, "urgent");
  const sort = text(query, "sort");
  const page = Number(text(query, "page"));
  return {
    states: text(query, "state").split(",").filter((s) => s !== ""),
    department: text(query, "department"),
    category: text(query, "category"),
    community: text(query, "community"),
    urgent: urgent === "true" || urgent === "false" ? urgent : "",
    overdue: text(query, "overdue") === "true",
    from: text(query, "from"),
    to: text(query, "to"),
    q: text(query, "q"),
    order: sort === "oldest" || sort === "due" ? sort : "newest",
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The route's query: only what narrows, so a plain ledger's address stays #/ledger. */
export function filtersToQuery(f: Partial<Filters>): LocationQueryRaw {
  const q: Record<string, string> = {};
  if (f.states && f.states.length > 0) q.state = f.states.join(",");
  for (const key of ["department", "category", "community", "urgent", "from", "to", "q"] as const) {
    const value = f[key];
    if (value) q[key] = value;
  }
  if (f.overdue) q.overdue = "true";
  if (f.order && f.order !== "newest") q.sort = f.order;
  if (f.page && f.page > 1) q.page = String(f.page);
  return q;
}

/** The API's parameters for the same filters (without paging; `extra` adds it, or `by`, `lang`). */
export function apiQuery(f: Filters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const q = filtersToQuery({ ...f, order: "newest", page: 1 });
  for (const [key, value] of Object.entries(q)) if (typeof value === "string") params.set(key, value);
  if (f.order !== "newest") {
    params.set("sort", f.order === "due" ? "due" : "created");
    params.set("order", "asc");
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The statistics' filters that narrow the ledger: a drill-down keeps them and adds its own. */
export function statsScope(f: Filters): Partial<Filters> {
  return { department: f.department, category: f.category, community: f.community, urgent: f.urgent, from: f.from, to: f.to };
}

/** The first and last day of a month "2026-02", for a drill-down from the trend. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The open states, as the ledger's state filter names them (src/vocabulary/case-states.ts). */
export const OPEN_STATES = ["submitted", "accepted", "in_progress"];
