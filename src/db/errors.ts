/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * PostgreSQL's SQLSTATEs for "not now": connection exceptions (class 08), the server shutting
 * down, restarting or starting up (57P01-57P03), too many connections, and a transaction
 * that lost a race (serialization failure, deadlock).
 */
function isTransientSqlState(code: string): boolean {
  return code.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].includes(code);
}

/** What `pg` says when a connection dies under it; these errors carry no code. */
const LOST_CONNECTION = /Connection terminated|connection error and is not queryable|Client was closed|timeout exceeded when trying to connect/i;

/**
 * Whether an error says the database could not do the work right now (unreachable,
 * restarting, the connection cut, a lost race), rather than that the work itself failed:
 * the same work may well succeed if it is tried again later.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (typeof e !== "object") return false;
    const { code, message, driverError, cause } = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || isTransientSqlState(code))) return true;
    if (typeof message === "string" && LOST_CONNECTION.test(message)) return true;
    // TypeORM wraps the driver's error; an AggregateError (a refused IPv4 and IPv6) holds several.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((x) => isTransientDatabaseError(x))) return true;
    e = driverError ?? cause;
  }
  return false;
}
