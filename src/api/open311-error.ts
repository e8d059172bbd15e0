/**
 * An answer the open API refuses with, in Open311's error shape: `[{ code, description }]`, plus
 * the name of the field at fault when there is one.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "Open311Error";
  }

  body(): { code: number; description: string; field?: string }[] {
    return [{ code: this.status, description: this.message, ...(this.field ? { field: this.field } : {}) }];
  }
}
