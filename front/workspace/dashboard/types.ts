/**
 * What the dashboard API answers: the server's own definition (src/http/dashboard/json-shapes.ts),
 * which its routes are typed by, so the pages read exactly what it sends.
 */
export type {
  CasePage,
  CaseRow,
  ChartsAnswer,
  ChatOf,
  DeadLetter,
  Named,
  StatsAnswer,
  StatsDimension,
  StatsFigures,
} from "../../../src/http/dashboard/json-shapes";
