import type { IncomingMessage, ServerResponse } from "node:http";

/** What the server knows of a request beyond the request itself. */
export interface RequestInfo {
  /** The client's address: the connection's peer, or what a trusted proxy says (src/http/client-address.ts). */
  clientAddress: string;
}

/** A handler for one path prefix on the service's HTTP port. Returns false if it did not handle the request. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo) => Promise<boolean> | boolean;

/** Lets adapters serve pages or webhooks on the one HTTP port without owning the server. */
export interface HttpMount {
  mount(prefix: string, handler: HttpHandler): void;
}
