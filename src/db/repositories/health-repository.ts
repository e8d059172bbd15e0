import type { Queryable } from "../tx";
import { execute } from "./rows";

/** Resolves if the database answers a statement now; rejects (with the driver's error) if not. */
export async function ping(db: Queryable): Promise<void> {
  await execute(db, "SELECT 1", []);
}
