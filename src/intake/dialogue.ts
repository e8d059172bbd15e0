import type { Attachment, Button, GeoLocation } from "../channels/port";
import type { Category, Community } from "../config/schema";
import type { Texts } from "../texts/texts";
import { emptyDraft, type Draft, type IntakeStep } from "./draft";
import { inferCategory, inferCommunity, isUrgent } from "./inference";

export interface DialogueState {
  step: IntakeStep;
  draft: Draft;
}

export interface DialogueInput {
  text?: string;
  button?: string;
  photos: Attachment[];
  location?: GeoLocation;
}

export interface DialogueContext {
  texts: Texts;
  /** The resident's chat has buttons; without them only the texts say what to reply. */
  buttons: boolean;
  categories: Category[];
  communities: Community[];
  urgentKeywords: string[];
}

export interface Reply {
  text: string;
  buttons?: Button[][];
}

export interface DialogueOutcome {
  state: DialogueState;
  replies: Reply[];
  /** Set when the resident confirmed: the appeal to file. */
  submit?: Draft & { categoryId: string };
}

/** Less than this is a greeting or a slip, not yet an appeal (see `weight`). */
export const minAppealWeight = 5;
/** An appeal's whole text is kept up to this many characters. */
export const maxAppealLength = 3000;

const confirmWords = ["确认", "確認", "确定", "確定", "提交", "是", "好", "1", "confirm", "yes", "ok"];
const cancelWords = ["取消", "算了", "不要了", "cancel", "/cancel"];

const idle = (): DialogueState => ({ step: "idle", draft: emptyDraft() });

/**
 * The intake conversation as a pure function: a resident tells the problem in one or several
 * messages; the bot infers category and community, asks only for what is missing, shows a
 * summary and files the appeal on confirmation. Cancelling is possible at every step.
 */
export function advance(state: DialogueState, input: DialogueInput, ctx: DialogueContext): DialogueOutcome {
  const t = ctx.texts;
  const text = input.text?.trim() ?? "";
  const draft: Draft = { ...state.draft, texts: [...state.draft.texts], photos: [...state.draft.photos] };
  const hasDraft = draft.texts.length > 0 || draft.photos.length > 0 || draft.location !== null;

  if (input.button === "cancel" || cancelWords.includes(text.toLowerCase())) {
    return { state: idle(), replies: [{ text: hasDraft ? t.cancelled : t.nothingToCancel }] };
  }

  const replies: Reply[] = [];
  if (input.photos.length > 0) {
    draft.photos.push(...input.photos);
    replies.push({ text: t.photoAdded(draft.photos.length) });
  }
  if (input.location) {
    draft.location = input.location;
    replies.push({ text: t.locationAdded });
  }

  if (state.step === "confirm" && (input.button === "confirm" || confirmWords.includes(text.toLowerCase()))) {
    if (draft.categoryId) return { state: idle(), replies, submit: { ...draft, categoryId: draft.categoryId } };
  }

  const substantial = weight(text) >= minAppealWeight;
  if (state.step === "choose_category" && !substantial) {
    const chosen = choose(input.button, text, "cat:", ctx.categories.map((c) => c.id), ctx.categories.map((c) => c.name));
    if (chosen === undefined) return again(state.step, draft, replies, t.choiceNotUnderstood(ctx.buttons));
    draft.categoryId = chosen;
    return nextQuestion(draft, replies, ctx);
  }

  if (state.step === "choose_community" && !substantial) {
    const chosen = choose(input.button, text, "com:", [...ctx.communities.map((c) => c.id), ""], [...ctx.communities.map((c) => c.name), t.communityUnknownOption]);
    if (chosen === undefined) return again(state.step, draft, replies, t.choiceNotUnderstood(ctx.buttons));
    draft.communityId = chosen;
    return nextQuestion(draft, replies, ctx);
  }

  if (substantial || (text.length > 0 && draft.texts.length > 0)) {
    draft.texts.push(text);
    const whole = draft.texts.join("\n");
    if (whole.length > maxAppealLength) {
      draft.texts = [whole.slice(0, maxAppealLength)];
      replies.push({ text: t.textTruncated(maxAppealLength) });
    }
    draft.categoryId ??= inferCategory(whole, ctx.categories);
    draft.communityId ??= inferCommunity(whole, ctx.communities);
    draft.urgent = isUrgent(whole, ctx.urgentKeywords);
    return nextQuestion(draft, replies, ctx);
  }

  if (draft.texts.length === 0) {
    // Nothing to file yet: ask for the problem in words, keeping any photo already sent.
    return { state: { step: "idle", draft }, replies: [...replies, { text: t.describeProblem }] };
  }
  if (replies.length > 0) return { state: { step: state.step, draft }, replies };
  return again(state.step, draft, replies, state.step === "confirm" ? t.confirmNotUnderstood(ctx.buttons) : t.describeProblem);
}

/** How much a text says: a Chinese character counts one, a word in another script two. */
function weight(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.replace(/\p{Script=Han}/gu, " ").match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return han + 2 * words;
}

function nextQuestion(draft: Draft, replies: Reply[], ctx: DialogueContext): DialogueOutcome {
  const t = ctx.texts;
  if (!draft.categoryId) {
    const options = ctx.categories.map((c) => ({ label: c.name, data: `cat:${c.id}` }));
    return { state: { step: "choose_category", draft }, replies: [...replies, prompt(t.askCategory(options.map((o) => o.label), ctx.buttons), options, ctx)] };
  }
  if (draft.communityId === null && ctx.communities.length > 0) {
    const options = [...ctx.communities.map((c) => ({ label: c.name, data: `com:${c.id}` })), { label: t.communityUnknownOption, data: "com:" }];
    return { state: { step: "choose_community", draft }, replies: [...replies, prompt(t.askCommunity(options.map((o) => o.label), ctx.buttons), options, ctx)] };
  }
  const category = ctx.categories.find((c) => c.id === draft.categoryId)?.name ?? null;
  const community = ctx.communities.find((c) => c.id === draft.communityId)?.name ?? null;
  const summary = t.summary(
    {
      text: draft.texts.join("\n"),
      category,
      community,
      urgent: draft.urgent,
      photos: draft.photos.length,
      hasLocation: draft.location !== null,
    },
    ctx.buttons,
  );
  const choices = [
    { label: t.confirmButton, data: "confirm" },
    { label: t.cancelButton, data: "cancel" },
  ];
  return { state: { step: "confirm", draft }, replies: [...replies, prompt(summary, choices, ctx)] };
}

/** A question with its options as buttons, where the chat has them. */
function prompt(text: string, options: Button[], ctx: DialogueContext): Reply {
  return ctx.buttons ? { text, buttons: rows(options) } : { text };
}

function again(step: IntakeStep, draft: Draft, replies: Reply[], text: string): DialogueOutcome {
  return { state: { step, draft }, replies: [...replies, { text }] };
}

/** A pressed button (`prefix` + id), the option's name or its number as typed; undefined if none. */
function choose(button: string | undefined, text: string, prefix: string, ids: string[], labels: string[]): string | undefined {
  if (button?.startsWith(prefix)) {
    const id = button.slice(prefix.length);
    return ids.includes(id) ? id : undefined;
  }
  const byName = labels.indexOf(text);
  if (byName >= 0) return ids[byName];
  const n = Number(text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  return Number.isInteger(n) && n >= 1 && n <= ids.length ? ids[n - 1] : undefined;
}

function rows(buttons: Button[], perRow = 2): Button[][] {
  const out: Button[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}
