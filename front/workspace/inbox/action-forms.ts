import type { CadreAction } from "./types";

/** What each action's form asks: the fields, and whether the text is required, who reads it, and where 常用语 help. */
export interface ActionForm {
  text?: { label: string; required: boolean; canned: boolean; residentSees: boolean };
  department?: true;
  days?: true;
  cadre?: true;
  into?: true;
  /** A sentence instead of fields, for the actions that need none. */
  hint?: string;
  /** The button is for the step that ends the case or turns it away: shown in a warning colour. */
  tone: "primary" | "default" | "warning" | "danger";
}

export const ACTION_FORMS: Record<CadreAction, ActionForm> = {
  accept: { hint: "inbox.forms.acceptHint", tone: "primary" },
  reply: { text: { label: "inbox.forms.replyText", required: true, canned: true, residentSees: true }, tone: "primary" },
  transfer: { department: true, text: { label: "inbox.forms.transferReason", required: false, canned: false, residentSees: false }, tone: "default" },
  extend_request: { days: true, text: { label: "inbox.forms.extendReason", required: true, canned: false, residentSees: false }, tone: "default" },
  resolve: { text: { label: "inbox.forms.resolveText", required: true, canned: true, residentSees: true }, tone: "primary" },
  reject: { text: { label: "inbox.forms.rejectText", required: true, canned: true, residentSees: true }, tone: "danger" },
  note: { text: { label: "inbox.forms.noteText", required: true, canned: false, residentSees: false }, tone: "default" },
  assign: { cadre: true, text: { label: "inbox.forms.assignNote", required: false, canned: false, residentSees: false }, tone: "default" },
  merge: { into: true, tone: "warning" },
  extend_approve: { hint: "inbox.forms.approveHint", tone: "primary" },
  extend_deny: { text: { label: "inbox.forms.denyReason", required: true, canned: false, residentSees: false }, tone: "danger" },
};
