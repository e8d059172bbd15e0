import type { IncomingMessage, ServerResponse } from "node:http";

/** A handler for one path prefix on the service's HTTP port. Returns false if it did not handle the request. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

/** Lets adapters serve pages or webhooks on the one HTTP port without owning the server. */
export interface HttpMount {
  mount(prefix: string, handler: HttpHandler): void;
}
