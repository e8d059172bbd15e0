/**
 * A request a route refuses, with the status to answer it with. The message goes to the client
 * (as `{ "error": message }`, or in the surface's own shape: see error-response.ts); `field` names
 * the request parameter at fault when there is one.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly field?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
