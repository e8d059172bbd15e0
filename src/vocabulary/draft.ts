import type { Attachment, GeoLocation } from "../channels/port";
import type { EmergencyKind } from "./emergency-kinds";

/**
 * Steps of the intake dialogue; "idle" means no appeal is being told. "supplement": what the
 * resident writes next is added to a case (`addTo`): an emergency just filed, or an open case
 * the resident has reported before.
 */
export type IntakeStep = "idle" | "choose_category" | "choose_community" | "confirm" | "supplement";

/** An appeal being told, possibly over several messages, before the resident confirms it. */
export interface Draft {
  texts: string[];
  photos: Attachment[];
  location: GeoLocation | null;
  categoryId: string | null;
  /** null: not known yet; "" : the resident said they do not know or it is elsewhere. */
  communityId: string | null;
  urgent: boolean;
  /** The emergency the words report, for the advice that follows the receipt. */
  emergency?: EmergencyKind | null;
  /** The categories offered when the resident was asked, in the order shown (a typed "2" means the second). */
  offered?: string[] | null;
  /** In the "supplement" step: the case further words are added to. */
  addTo?: string | null;
  /** The resident said they are reporting an official (反映干部作风问题, 举报): a name alone then makes it a report (src/routing/reports.ts). */
  report?: boolean;
  /** The album whose first photo was acknowledged: its other photos are taken without another word. */
  album?: string | null;
}
