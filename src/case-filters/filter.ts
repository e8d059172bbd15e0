import { caseStates, type CaseState } from "../vocabulary/case-states";
import type { Directory } from "../config/directory";
import { InvalidField } from "./invalid-field";

/** A calendar day in the deployment's time zone, or an exact instant (the open API's datetimes). */
export type Bound = { day: string } | { at: Date };

/** Which cases: every field narrows; an absent field does not. */
export interface LedgerFilter {
  states?: CaseState[];
  departmentId?: string;
  categoryIds?: string[];
  communityId?: string;
  urgent?: boolean;
  /** Only open cases past their answer deadline with no answer (see definitions.ts). */
  overdue?: boolean;
  /** Filed on or after. */
  from?: Bound;
  /** Filed on or before (the whole day, for a day). */
  to?: Bound;
  /** Free text (Chinese or not) in the appeal, or a case number. */
  q?: string;
  numbers?: string[];
}

export type LedgerSortKey = "created" | "due";
export interface LedgerSort {
  by: LedgerSortKey;
  direction: "asc" | "desc";
}

export interface LedgerPage {
  offset: number;
  limit: number;
}

/** Deep paging gets slower with every page; past this, narrowing the filters is the better tool. */
export const MAX_OFFSET = 10_000;
export const MAX_PAGE_SIZE = 200;
const MAX_QUERY_CHARS = 100;

/** The dashboard's ledger query: `state`, `department`, `category`, `community`, `urgent`, `overdue`, `from`, `to`, `q`. */
export function parseLedgerFilter(params: URLSearchParams, directory: Directory): LedgerFilter {
  const filter: LedgerFilter = {};
  const states = listParam(params, "state");
  if (states.length > 0) filter.states = states.map((s) => oneOf("state", s, caseStates));
  const department = params.get("department");
  if (department) filter.departmentId = oneOf("department", department, directory.departments.map((d) => d.id));
  const category = params.get("category");
  if (category) filter.categoryIds = [oneOf("category", category, directory.categories.map((c) => c.id))];
  const community = params.get("community");
  if (community) filter.communityId = oneOf("community", community, directory.communities.map((c) => c.id));
  const urgent = booleanParam(params, "urgent");
  if (urgent !== undefined) filter.urgent = urgent;
  if (booleanParam(params, "overdue")) filter.overdue = true;
  const from = params.get("from");
  if (from) filter.from = { day: dayParam("from", from) };
  const to = params.get("to");
  if (to) filter.to = { day: dayParam("to", to) };
  if (filter.from && filter.to && "day" in filter.from && "day" in filter.to && filter.from.day > filter.to.day) {
    throw new InvalidField("to", `${filter.to.day} is before from (${filter.from.day})`);
  }
  const q = params.get("q")?.trim();
  if (q) filter.q = searchText("q", q);
  return filter;
}

export function parseLedgerSort(params: URLSearchParams): LedgerSort {
  const by = oneOf("sort", params.get("sort") ?? "created", ["created", "due"] as const);
  const direction = oneOf("order", params.get("order") ?? (by === "due" ? "asc" : "desc"), ["asc", "desc"] as const);
  return { by, direction };
}

/** `page` (from 1) and `size` (1 to 200, default `defaultSize`), no deeper than MAX_OFFSET rows. */
export function parseLedgerPage(params: URLSearchParams, names = { page: "page", size: "size" }, defaultSize = 50): LedgerPage {
  const size = wholeNumber(names.size, params.get(names.size), defaultSize, 1, MAX_PAGE_SIZE);
  const page = wholeNumber(names.page, params.get(names.page), 1, 1, Math.floor(MAX_OFFSET / size) + 1);
  return { offset: (page - 1) * size, limit: size };
}

export function searchText(field: string, q: string): string {
  if ([...q].length > MAX_QUERY_CHARS) throw new InvalidField(field, `at most ${MAX_QUERY_CHARS} characters`);
  if (q.includes("\u0000")) throw new InvalidField(field, "must not contain NUL characters");
  return q;
}

/** Values given as `x=a&x=b` or `x=a,b`. */
export function listParam(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InvalidField(field, `unknown value "${value}"; expected one of ${allowed.join(", ")}`);
}

function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === null || value === "") return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new InvalidField(name, `"${value}" is not true or false`);
}

function dayParam(field: string, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) throw new InvalidField(field, `"${value}" is not a date like 2026-11-23`);
  return value;
}

function wholeNumber(field: string, raw: string | null, fallback: number, min: number, max: number): number {
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new InvalidField(field, `a whole number from ${min} to ${max}`);
  return Number(raw);
}
