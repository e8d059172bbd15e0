import type { Draft } from "../vocabulary/draft";

// The types live in the leaf src/vocabulary/ so the conversations table's entity (src/db) names them without importing intake.
export type { Draft, IntakeStep } from "../vocabulary/draft";

export function emptyDraft(): Draft {
  return { texts: [], photos: [], location: null, categoryId: null, communityId: null, urgent: false };
}
