import type { ServerResponse } from "node:http";
import { isTransientDatabaseError } from "../db/errors";
import { NotAllowed, NotFound, Refused } from "../errors";
import { InvalidField } from "../case-filters/invalid-field";
import { HttpError } from "./http-error";
import { sendJson } from "./http-io";

/**
 * The one mapping from what a route threw to what the client gets. Every surface (the dashboard,
 * the web chat, the open API, /healthz, static pages) answers the same error with the same status
 * and headers; a surface chooses only the shape of the body (`ErrorShape`). What is not listed
 * here is not the client's doing: it is thrown on, to HttpServer's 500 (logged with the route).
 */
export interface ErrorAnswer {
  status: number;
  message: string;
  /** The request parameter at fault, when there is one. */
  field?: string;
  headers: Record<string, string>;
}

/**
 * How long a client should wait before trying again when the database is away: about the time
 * a PostgreSQL restart or a failover takes, and what the pages' own retries wait.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function errorAnswer(error: unknown): ErrorAnswer | undefined {
  if (error instanceof HttpError) return withField({ status: error.status, message: error.message, headers: error.headers }, error.field);
  if (error instanceof InvalidField) return { status: 400, message: error.message, field: error.field, headers: {} };
  if (error instanceof NotFound) return { status: 404, message: error.message, headers: {} };
  if (error instanceof NotAllowed) return { status: 403, message: error.message, headers: {} };
  if (error instanceof Refused) return { status: 409, message: error.message, headers: {} };
  // The same request may well succeed in a moment: a 503 says so, where a 500 would say it never will.
  if (isTransientDatabaseError(error)) {
    return {
      status: 503,
      message: "the database is not available right now; try again in a moment",
      headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  return undefined;
}

/** The body a surface sends for an error. */
export type ErrorShape = (answer: ErrorAnswer) => unknown;

/** The dashboard's, the web chat's and the server's own: `{ "error": message }`, plus `field` when one is at fault. */
export const plainErrorShape: ErrorShape = (a) => (a.field === undefined ? { error: a.message } : { error: a.message, field: a.field });

/** Open311 GeoReport v2's: `[{ code, description }]`, plus the field at fault when there is one. */
export const open311ErrorShape: ErrorShape = (a) => [{ code: a.status, description: a.message, ...(a.field ? { field: a.field } : {}) }];

/**
 * Sends the answer for `error` and returns true, or returns false for an error this mapping does
 * not know. With part of the answer already out, it only ends it: a second status cannot be sent.
 */
export function sendError(res: ServerResponse, error: unknown, shape: ErrorShape = plainErrorShape): boolean {
  const answer = errorAnswer(error);
  if (answer === undefined) return false;
  if (!res.headersSent) sendJson(res, answer.status, shape(answer), answer.headers);
  else res.end();
  return true;
}

/** Runs a route and answers what it refuses with (see `errorAnswer`) in `shape`; anything else propagates. */
export async function answering(res: ServerResponse, route: () => Promise<void> | void, shape: ErrorShape = plainErrorShape): Promise<true> {
  try {
    await route();
  } catch (error) {
    if (!sendError(res, error, shape)) throw error;
  }
  return true;
}

function withField(answer: ErrorAnswer, field: string | undefined): ErrorAnswer {
  return field === undefined ? answer : { ...answer, field };
}
