import type { Attachment, Button, GeoLocation } from "../channels/port";
import type { Category, Community } from "../config/schema";
import type { Texts } from "../texts/texts";
import type { Accusation, CaseToCompare, Reading, Understanding } from "../understanding";
import { emptyDraft, type Draft, type IntakeStep } from "./draft";

export interface DialogueState {
  step: IntakeStep;
  draft: Draft;
}

export interface DialogueInput {
  text?: string;
  button?: string;
  photos: Attachment[];
  /** Set when the photos are part of an album (see InboundMessage.albumId). */
  albumId?: string;
  location?: GeoLocation;
  /** The resident's open matters (their open cases, the open leads theirs were merged into), when a new appeal may begin: one on the same matter takes these words instead (补充). */
  openCases?: CaseToCompare[];
}

export interface DialogueContext {
  texts: Texts;
  /** The resident's chat has buttons; without them only the texts say what to reply. */
  buttons: boolean;
  categories: Category[];
  communities: Community[];
  /** How the resident's words are read (src/understanding/). */
  understanding: Understanding;
  /**
   * Reports about a department or an official (信访工作条例 Art. 30, src/routing/reports.ts): what
   * they are filed under and the name of the body that receives one accusing `accused`; null when no
   * department receives reports.
   */
  reports: { categoryId: string; receiverName: (accused: Accusation | null) => string } | null;
}

export interface Reply {
  text: string;
  buttons?: Button[][];
}

export interface DialogueOutcome {
  state: DialogueState;
  replies: Reply[];
  /** Set when the appeal is to be filed: the resident confirmed, or it is an emergency (filed at once). */
  submit?: Draft & { categoryId: string };
  /** Once `submit` is filed as case `number`: where the dialogue goes and what is said after the receipt. */
  afterFiling?: (number: string) => { state: DialogueState; replies: Reply[] };
  /** These words (and photos, a place) go to the resident's open case `number` (补充); `repeat`: they report its matter again. */
  supplement?: { number: string; text: string; repeat: boolean; photos?: Attachment[]; location?: GeoLocation; quiet?: boolean };
}

/** Less than this is a greeting or a slip, not yet an appeal (see `weight`). */
export const minAppealWeight = 5;
/** An appeal's whole text is kept up to this many characters. */
export const maxAppealLength = 3000;

const confirmWords = ["确认", "確認", "确定", "確定", "提交", "是", "好", "1", "confirm", "yes", "ok"];
const cancelWords = ["取消", "算了", "不要了", "cancel", "/cancel"];
const newMatterWords = ["新诉求", "新訴求", "另一件事", "单独提交", "單獨提交", "new"];
/** Thanks after an emergency's advice: nothing for the case, nothing to answer. */
const courtesyWords = ["好", "好的", "谢谢", "謝謝", "收到", "嗯", "知道了", "ok", "thanks", "thank you"];
/** The option that shows every category after the likeliest ones. */
const allCategories = "*";

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
  const hasDraft = state.step !== "supplement" && (draft.texts.length > 0 || draft.photos.length > 0 || draft.location !== null);
  // The second and later photos of an album arrive as messages of their own: added to a case,
  // they get one word for the lot (while an appeal is told, each says how many photos it has).
  const restOfAlbum = input.albumId !== undefined && input.albumId === state.draft.album && !text;
  if (input.albumId !== undefined) draft.album = input.albumId;

  if (input.button === "cancel" || cancelWords.includes(text.toLowerCase())) {
    return { state: idle(), replies: [{ text: hasDraft ? t.cancelled : t.nothingToCancel }] };
  }

  if (state.step === "supplement" && draft.addTo) {
    const number = draft.addTo;
    if (input.button === "new_matter" || newMatterWords.includes(text.toLowerCase())) {
      // The words just added to the case become an appeal of their own.
      const fresh: Draft = { ...emptyDraft(), texts: draft.texts };
      if (fresh.texts.length === 0) return { state: idle(), replies: [{ text: t.describeProblem }] };
      return understood(fresh, ctx.understanding.read(fresh.texts.join("\n")), [], ctx);
    }
    const attached = input.photos.length > 0 || input.location !== undefined;
    if (!attached && courtesyWords.includes(text.toLowerCase().replace(/[!！。.~～]+$/u, ""))) return { state, replies: [] };
    // A photo or the place of what was just reported belongs to that case (the fire, the flooded
    // road), as words do; 新诉求 files the words apart.
    if (text || attached) {
      const attachments = { ...(input.photos.length > 0 ? { photos: input.photos } : {}), ...(input.location ? { location: input.location } : {}) };
      const next = text ? supplementing(number, text) : { step: state.step, draft };
      return { state: next, replies: [], supplement: { number, text, repeat: false, ...attachments, ...(restOfAlbum ? { quiet: true } : {}) } };
    }
    return { state, replies: [{ text: t.supplementHint(number, ctx.buttons) }] };
  }

  // The way in to reporting an official (the web page's chip, 举报 typed on any channel): a name alone will then do.
  if (ctx.reports && ctx.understanding.startsReport(text)) {
    draft.report = true;
    if (draft.texts.length === 0) return { state: { step: "idle", draft }, replies: [{ text: t.reportPrompt(ctx.reports.receiverName(null)) }] };
    return understood(draft, ctx.understanding.read(draft.texts.join("\n")), [], ctx);
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
    if (draft.categoryId) return { state: idle(), replies, submit: { ...draft, categoryId: draft.categoryId }, afterFiling: () => ({ state: idle(), replies: [] }) };
  }

  const substantial = weight(text) >= minAppealWeight;
  if (state.step === "choose_category" && !substantial) {
    const offered = draft.offered?.length ? [...draft.offered, allCategories] : ctx.categories.map((c) => c.id);
    const label = (id: string) => (id === allCategories ? t.otherCategoriesOption : ctx.categories.find((c) => c.id === id)!.name);
    // A category named in full counts even when it was not among those offered.
    const chosen = choose(input.button, text, "cat:", offered, offered.map(label)) ?? byName(text, ctx.categories);
    if (chosen === undefined) return again(state.step, draft, replies, t.choiceNotUnderstood(ctx.buttons));
    if (chosen === allCategories) {
      draft.offered = null;
      return nextQuestion(draft, replies, ctx);
    }
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
    const beginning = state.step === "idle" && state.draft.texts.length === 0;
    draft.texts.push(text);
    const whole = draft.texts.join("\n");
    if (whole.length > maxAppealLength) {
      draft.texts = [whole.slice(0, maxAppealLength)];
      replies.push({ text: t.textTruncated(maxAppealLength) });
    }
    const reading = ctx.understanding.read(draft.texts.join("\n"));
    // The same matter as an open case of this resident's: added to it, not filed twice (信访工作条例 第二十条).
    // A report is never added to an open case: that case's department may be the one it accuses.
    const same = beginning && input.photos.length === 0 && !isReport(draft, reading, ctx) ? ctx.understanding.sameMatter(reading, input.openCases ?? []) : null;
    if (same) return { state: supplementing(same.number, text), replies, supplement: { number: same.number, text, repeat: true } };
    return understood(draft, reading, replies, ctx);
  }

  if (draft.texts.length === 0) {
    // Nothing to file yet: ask for the problem in words, keeping any photo already sent.
    return { state: { step: "idle", draft }, replies: [...replies, { text: t.describeProblem }] };
  }
  if (replies.length > 0) return { state: { step: state.step, draft }, replies };
  return again(state.step, draft, replies, state.step === "confirm" ? t.confirmNotUnderstood(ctx.buttons) : t.describeProblem);
}

/**
 * What the words say, into the draft: category and community unless already known, and whether
 * it is an emergency. An emergency is filed at once, with no question before the receipt; its
 * details are asked for after the receipt and the advice, and go to the case (补充).
 */
function understood(draft: Draft, reading: Reading, replies: Reply[], ctx: DialogueContext): DialogueOutcome {
  if (ctx.reports && isReport(draft, reading, ctx)) {
    // Filed under the reports' category, with no question about it; the resident hears who handles it.
    const accused = ctx.understanding.accusationIn(draft.texts.join("\n"), draft.report === true);
    if (draft.categoryId !== ctx.reports.categoryId) replies = [...replies, { text: ctx.texts.reportGoesTo(ctx.reports.receiverName(accused)) }];
    draft.categoryId = ctx.reports.categoryId;
  }
  draft.categoryId ??= reading.categoryId;
  draft.communityId ??= reading.communityId;
  draft.urgent = reading.emergency !== null;
  draft.emergency = reading.emergency?.kind ?? null;
  draft.offered = reading.offered;
  if (draft.urgent && draft.categoryId) {
    const t = ctx.texts;
    return {
      state: idle(),
      replies,
      submit: { ...draft, categoryId: draft.categoryId },
      afterFiling: (number) => ({ state: supplementing(number, null), replies: [{ text: t.emergencyDetails(number) }] }),
    };
  }
  return nextQuestion(draft, replies, ctx);
}

/** Whether the appeal reports a department or an official: the resident said so, or the words do. */
function isReport(draft: Draft, reading: Reading, ctx: DialogueContext): boolean {
  return ctx.reports !== null && (draft.report === true || reading.accusation !== null);
}

/** The "supplement" step: further words go to case `number`; `words`, the last ones added, may still be filed apart. */
function supplementing(number: string, words: string | null): DialogueState {
  return { step: "supplement", draft: { ...emptyDraft(), texts: words ? [words] : [], addTo: number } };
}

function byName(text: string, categories: Category[]): string | undefined {
  return categories.find((c) => c.name === text)?.id;
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
    // The likeliest two or three first, when the words pointed anywhere; else every category.
    const likely = draft.offered?.length ? draft.offered : null;
    const options = likely
      ? [...likely.map((id) => ({ label: ctx.categories.find((c) => c.id === id)!.name, data: `cat:${id}` })), { label: t.otherCategoriesOption, data: `cat:${allCategories}` }]
      : ctx.categories.map((c) => ({ label: c.name, data: `cat:${c.id}` }));
    const question = likely ? t.askLikelyCategory(options.map((o) => o.label), ctx.buttons) : t.askCategory(options.map((o) => o.label), ctx.buttons);
    return { state: { step: "choose_category", draft }, replies: [...replies, prompt(question, options, ctx)] };
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
