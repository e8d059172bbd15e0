import type { MessagePost } from "../web-chat/web-chat-transport";
import { HttpError } from "./http-io";

/** The checks of what a browser posts into a web chat, resident or cadre alike; who may post where is each route's business. */

const MAX_TEXT_CHARS = 5000;
const MAX_BUTTON_CHARS = 256;

const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MESSAGE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PHOTO_ID = /^wp-[A-Za-z0-9_-]{22}$/;

export function parseMessagePost(body: unknown): MessagePost {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw bad("the body must be a JSON object");
  }
  const fields = body as Record<string, unknown>;
  const chat = fields["chat"];
  if (chat !== undefined && (typeof chat !== "string" || chat === "")) throw bad("chat must be a non-empty string");
  const clientMessageId = fields["clientMessageId"];
  if (typeof clientMessageId !== "string" || !CLIENT_MESSAGE_ID.test(clientMessageId)) {
    throw bad("clientMessageId is required: 1 to 64 characters of A-Z, a-z, 0-9, _ or -");
  }
  const post: MessagePost = { clientMessageId };
  if (chat !== undefined) post.chat = chat;

  const text = optionalString(fields, "text");
  if (text !== undefined) {
    if ([...text].length > MAX_TEXT_CHARS) throw bad(`text is longer than ${MAX_TEXT_CHARS} characters`);
    checkStorable("text", text);
    if (text.trim() !== "") post.text = text;
  }
  const button = optionalString(fields, "button");
  if (button !== undefined) {
    if (button === "" || button.length > MAX_BUTTON_CHARS) throw bad(`button must be 1 to ${MAX_BUTTON_CHARS} characters`);
    checkStorable("button", button);
    post.button = button;
  }
  const replyTo = optionalString(fields, "replyTo");
  if (replyTo !== undefined) {
    if (!MESSAGE_ID.test(replyTo)) throw bad("replyTo must be the id of a message in this chat");
    post.replyTo = replyTo;
  }

  const photo = optionalString(fields, "photo");
  if (photo !== undefined) {
    if (!PHOTO_ID.test(photo)) throw bad("photo must be the id POST /chat/photos answered");
    post.photo = photo;
  }
  const location = parseLocation(fields["location"]);
  if (location !== undefined) post.location = location;

  const kinds = [post.text, post.button, post.photo, post.location].filter((x) => x !== undefined).length;
  if (kinds === 0) throw bad("write some text (or press a button, send a photo or a place)");
  if (kinds > 1) throw bad("send one of text, button, photo or location at a time");
  return post;
}

function parseLocation(value: unknown): MessagePost["location"] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw bad("location must be { latitude, longitude }");
  const { latitude, longitude } = value as Record<string, unknown>;
  const valid = (x: unknown, limit: number): x is number => typeof x === "number" && Number.isFinite(x) && Math.abs(x) <= limit;
  if (!valid(latitude, 90) || !valid(longitude, 180)) throw bad("location needs a latitude (-90 to 90) and a longitude (-180 to 180) in degrees");
  return { latitude, longitude };
}

/** `after` from the query or the EventSource's Last-Event-ID; the header wins because it is newer. */
export function parseAfter(query: string | null, lastEventId: string | string[] | undefined): number {
  const header = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  const raw = header !== undefined && header !== "" ? header : query;
  if (raw === null || raw === "") return 0;
  if (!/^\d{1,16}$/.test(raw)) throw bad("after must be a whole number: the seq of the last message you have");
  return Number(raw);
}

function optionalString(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw bad(`${key} must be a string`);
  return value;
}

/**
 * JSON can carry a NUL or half of a surrogate pair; PostgreSQL refuses both, so the core
 * would fail on every retry. Better to say so now.
 */
function checkStorable(key: string, value: string): void {
  if (value.includes("\u0000")) throw bad(`${key} must not contain NUL characters`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
    throw bad(`${key} is not valid Unicode`);
  }
}

function bad(message: string): HttpError {
  return new HttpError(400, message);
}
