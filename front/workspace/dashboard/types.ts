/** What the dashboard API answers (src/http/dashboard/*-routes.ts, case-json.ts), as the pages read it. */
export interface Named {
  id: string;
  name: string;
}

export interface CaseRow {
  number: string;
  state: string;
  urgent: boolean;
  overdue: boolean;
  category: Named;
  community: Named | null;
  department: Named;
  cadre: Named;
  text: string;
  createdAt: string;
  answerDueAt: string;
  rating: number | null;
}

export interface CasePage {
  rows: CaseRow[];
  total: number;
  totalIsAtLeast: boolean;
  page: number;
  size: number;
}

export interface StatsFigures {
  filed: number;
  people: number;
  matters: number;
  responseCounted: number;
  answeredInTime: number;
  owed: number;
  resolved: number;
  rated: number;
  satisfied: number;
  hoursToAccept: number | null;
  hoursToAnswer: number | null;
  hoursToFinish: number | null;
  open: number;
  overdue: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export type StatsDimension = "department" | "community" | "category" | "month";

export interface StatsAnswer {
  by: StatsDimension;
  rows: (StatsFigures & { key: string | null; name: string | null })[];
  total: StatsFigures;
}

export interface ChartsAnswer {
  trend: { month: string; filed: number; resolved: number; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null }[];
  backlog: { bandsDays: number[]; bands: { band: number; open: number; overdue: number }[] };
  heat: { categoryId: string; communityId: string | null; cases: number; category: string; community: string | null }[];
  overdue: { rows: CaseRow[]; total: number; totalIsAtLeast: boolean };
}

export type ChatOf =
  | { kind: "department"; name: string }
  | { kind: "supervisors" }
  | { kind: "operators" }
  | { kind: "cadre"; name: string }
  | { kind: "resident" };

export interface DeadLetter {
  id: number;
  channel: string;
  chat: ChatOf;
  case: string | null;
  text: string | null;
  attempts: number;
  failures: number;
  reason: "refused" | "attempts" | "age";
  firstError: string | null;
  lastError: string | null;
  createdAt: string;
  deadAt: string;
  ageSeconds: number;
}
