/**
 * What the core refuses with, said in its own terms rather than HTTP's, so that a case action,
 * a lookup or a parser can refuse without knowing who asked. Each HTTP surface answers them the
 * same way (src/http/error-response.ts: NotFound 404, NotAllowed 403, Refused 409, InvalidField
 * 400); a chat answers them in its own words.
 */

/** Something the request names that does not exist, or that the caller may not see (the same to them). */
export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFound";
  }
}

/** The caller is known but may not do this (a handler acting on another department's case, a non-supervisor). */
export class NotAllowed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotAllowed";
  }
}

/** An action the rules refuse as things stand, e.g. a case action its state does not allow now. */
export class Refused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Refused";
  }
}
