import { dateTimeFormat, isoDate } from "../../calendar/date-format";
import type { ServerResponse } from "node:http";
import { CSV_BOM } from "../../case-filters/csv";
import type { DashboardDeps } from "./context";

/**
 * Streams a CSV download. The body is written as rows arrive and waits when the client reads
 * slowly, so a large export holds neither all rows in memory nor the database for long at once.
 */
export async function sendCsv(
  res: ServerResponse,
  name: string,
  deps: DashboardDeps,
  header: string,
  body: (write: (chunk: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const day = dateTimeFormat("sv-SE", deps.directory.deployment.timezone, isoDate).format(deps.clock.now());
  res.writeHead(200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="minqing-${name}-${day}.csv"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  let gone = false;
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (gone || res.destroyed) return reject(new ClientGone());
      if (res.write(chunk)) return resolve();
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        if (res.destroyed) gone = true;
        resolve();
      };
      res.once("drain", done);
      res.once("close", done);
    });
  try {
    await write(CSV_BOM + header);
    await body(write);
    res.end();
  } catch (error) {
    // The browser went away: stop reading the database for it.
    if (!(error instanceof ClientGone)) throw error;
  }
}

class ClientGone extends Error {
  constructor() {
    super("the client closed the connection");
  }
}
