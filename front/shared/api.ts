/**
 * The one way the pages talk to the server: JSON over fetch, same origin, cookies included.
 * Errors arrive as `{ error, field? }` (src/http/error-response.ts) and become an ApiError the
 * page can show; a network failure or a 503 is marked `retryable`, so a page can say
 * "try again in a moment" instead of "something went wrong".
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
  }

  /** The server was unreachable or said "in a moment": the same request may well succeed later. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 503 || this.status === 429;
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { method: "GET", signal });
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" }, signal });
}

/** Sends a file as the raw body (the server checks its type and size), e.g. a resized photo. */
export async function postBlob<T>(path: string, blob: Blob, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { method: "POST", body: blob, headers: { "Content-Type": blob.type || "application/octet-stream" }, signal });
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: "same-origin", headers: { Accept: "application/json", ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("network", 0);
  }
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const shaped = body as { error?: unknown; field?: unknown } | undefined;
    const message = typeof shaped?.error === "string" ? shaped.error : response.statusText;
    throw new ApiError(message, response.status, typeof shaped?.field === "string" ? shaped.field : undefined);
  }
  return body as T;
}
