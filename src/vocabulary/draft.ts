import type { Attachment, GeoLocation } from "../channels/port";

/** Steps of the intake dialogue; "idle" means no appeal is being told. */
export type IntakeStep = "idle" | "choose_category" | "choose_community" | "confirm";

/** An appeal being told, possibly over several messages, before the resident confirms it. */
export interface Draft {
  texts: string[];
  photos: Attachment[];
  location: GeoLocation | null;
  categoryId: string | null;
  /** null: not known yet; "" : the resident said they do not know or it is elsewhere. */
  communityId: string | null;
  urgent: boolean;
}
