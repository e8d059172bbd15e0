import { Open311Error } from "../../src/http/open311/open311-error";
import { NotAllowed, NotFound, Refused } from "../../src/errors";
import { answering, open311ErrorShape, plainErrorShape, type ErrorShape } from "../../src/http/error-response";
import { HttpError } from "../../src/http/http-io";
import { HttpServer } from "../../src/http/http-server";
import { InvalidField } from "../../src/case-filters/invalid-field";
import { captureLogger } from "../support/capture-logger";

/** What `pg` throws when PostgreSQL is away (a refused connection carries Node's code). */
function databaseAway(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
}

const thrown: Record<string, () => Error> = {
  "not-found": () => new NotFound("no case MQ-20261123-0042 in the cases you may see"),
  "not-allowed": () => new NotAllowed("only supervisors see and act on undelivered messages"),
  refused: () => new Refused('case MQ-20261123-0042 is closed: "transfer" is not possible now'),
  "invalid-field": () => new InvalidField("state", 'unknown value "x"; expected one of submitted, closed'),
  "http-error": () => new HttpError(405, "use GET here", { Allow: "GET" }),
  "open311-error": () => new Open311Error(404, 'no service "x"', "service_code"),
  "database-away": databaseAway,
  unknown: () => new Error("boom: a bug"),
};

/**
 * One mapping, two shapes: the dashboard and the web chat answer `{ error }`, the open API
 * Open311's `[{ code, description }]`; the status and the headers are the same either way.
 */
describe("one mapping from errors to HTTP answers", () => {
  const log = captureLogger();
  const server = new HttpServer(log.logger);
  let base = "";
  const mountShape = (prefix: string, shape: ErrorShape) =>
    server.mount(prefix, (_req, res, url) =>
      answering(
        res,
        () => {
          throw (thrown[url.pathname.slice(prefix.length + 1)] ?? thrown.unknown!)();
        },
        shape,
      ),
    );
  beforeAll(async () => {
    mountShape("/plain", plainErrorShape);
    mountShape("/open311", open311ErrorShape);
    server.mount("/bare", (_req, _res, url) => {
      throw (thrown[url.pathname.slice("/bare/".length)] ?? thrown.unknown!)();
    });
    base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
  });
  afterAll(() => server.close());

  const get = async (path: string) => {
    const r = await fetch(base + path);
    return { status: r.status, retryAfter: r.headers.get("retry-after"), allow: r.headers.get("allow"), body: (await r.json()) as unknown };
  };

  test.each([
    ["not-found", 404, { error: "no case MQ-20261123-0042 in the cases you may see" }],
    ["not-allowed", 403, { error: "only supervisors see and act on undelivered messages" }],
    ["refused", 409, { error: 'case MQ-20261123-0042 is closed: "transfer" is not possible now' }],
    ["invalid-field", 400, { error: 'state: unknown value "x"; expected one of submitted, closed', field: "state" }],
    ["http-error", 405, { error: "use GET here" }],
    ["open311-error", 404, { error: 'no service "x"', field: "service_code" }],
  ])("%s: %d, the same status in both shapes", async (kind, status, plain) => {
    const [a, b] = [await get(`/plain/${kind}`), await get(`/open311/${kind}`)];
    expect(a).toMatchObject({ status, body: plain });
    const { error, ...rest } = plain as { error: string; field?: string };
    expect(b).toMatchObject({ status, body: [{ code: status, description: error, ...rest }] });
    expect(a.allow).toBe(b.allow);
  });

  test("a database that is away: 503 with Retry-After, in either shape (it was a 500, as if the request could never work)", async () => {
    const message = "the database is not available right now; try again in a moment";
    expect(await get("/plain/database-away")).toMatchObject({ status: 503, retryAfter: "5", body: { error: message } });
    expect(await get("/open311/database-away")).toMatchObject({ status: 503, retryAfter: "5", body: [{ code: 503, description: message }] });
  });

  test("an error the mapping does not know goes on to the server's 500, logged with the route", async () => {
    const before = log.lines("error").length;
    expect(await get("/open311/unknown")).toMatchObject({ status: 500, body: { error: "internal error" } });
    const line = log.lines("error").slice(before).find((l) => l.includes("boom: a bug")) ?? "";
    expect(line).toContain('"route":"/open311"');
  });

  test("a refusal thrown outside `answering` gets the same answer from the server, and is not logged as a failure", async () => {
    const before = log.lines("error").length;
    expect(await get("/bare/refused")).toMatchObject({ status: 409, body: { error: 'case MQ-20261123-0042 is closed: "transfer" is not possible now' } });
    expect(await get("/bare/database-away")).toMatchObject({ status: 503, retryAfter: "5" });
    expect(log.lines("error").slice(before)).toEqual([]);
  });
});
