import { QueryFailedError } from "typeorm";
import { isTransientDatabaseError } from "../../src/db/errors";

/** Shaped like pg's errors: a message, and a SQLSTATE or a Node network code. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe("telling a database that is away from work that failed", () => {
  test.each([
    ["refused", pgError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
    ["shut down under a query", pgError("terminating connection due to administrator command", "57P01")],
    ["starting up", pgError("the database system is starting up", "57P03")],
    ["connection exception", pgError("connection failure", "08006")],
    ["lost without a code", pgError("Connection terminated unexpectedly")],
    ["pool could not connect in time", pgError("timeout exceeded when trying to connect")],
    ["a lost race", pgError("could not serialize access due to concurrent update", "40001")],
    ["wrapped by TypeORM", new QueryFailedError("INSERT …", [], pgError("terminating connection due to administrator command", "57P01"))],
    ["refused on every address", Object.assign(new AggregateError([pgError("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")]), { message: "" })],
  ])("%s: transient", (_name, err) => {
    expect(isTransientDatabaseError(err)).toBe(true);
  });

  test.each([
    ["a unique violation", new QueryFailedError("INSERT …", [], pgError("duplicate key value violates unique constraint", "23505"))],
    ["a bug", new TypeError("Cannot read properties of undefined (reading 'id')")],
    ["not an error", "boom"],
    ["nothing", undefined],
  ])("%s: not transient", (_name, err) => {
    expect(isTransientDatabaseError(err)).toBe(false);
  });
});
