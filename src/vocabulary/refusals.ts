/** Why an action was refused, for the desk to explain. */
export type Refusal =
  | "not_found"
  /** The actor may not act on this case at all: another department's, another resident's. Desks answer as for a missing case. */
  | "not_yours"
  | "not_allowed"
  | "extension_used"
  | "extension_pending"
  | "extension_too_long"
  | "no_extension_requested"
  | "not_a_supervisor"
  | "review_window_closed"
  /** A review and a re-review have been answered: the same matter is not taken up again (不再受理, 信访工作条例 Art. 36). */
  | "no_further_review"
  /** The body that would review (or re-review) is outside this deployment: the resident asks it in writing. */
  | "no_review_body"
  | "same_department"
  | "not_a_lead"
  | "not_of_department"
  /** /assign to a cadre marked `active: false`: gone, they cannot take a case. */
  | "cadre_inactive"
  | "already_assigned"
  /** /merge into a case that is not open, not there, or this one. */
  | "merge_target"
  /** /merge into a case of a department this cadre may not act for. */
  | "merge_not_yours"
  /** The action would put a report in the hands of the department or cadre it accuses (信访工作条例 Art. 30). */
  | "accused_department";
