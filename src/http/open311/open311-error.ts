import { HttpError } from "../http-error";

/**
 * What the open API refuses with, naming the field at fault when there is one; it goes out in
 * Open311's error shape, `[{ code, description, field? }]` (src/http/error-response.ts).
 */
export class Open311Error extends HttpError {
  constructor(status: number, message: string, field?: string, headers: Record<string, string> = {}) {
    super(status, message, headers, field);
    this.name = "Open311Error";
  }
}
