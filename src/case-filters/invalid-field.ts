/**
 * A request parameter that is missing or wrong, named so the caller can fix it. Thrown by the
 * parsers of the ledger and the open API; each HTTP layer turns it into its own 400 answer.
 */
export class InvalidField extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "InvalidField";
  }
}
