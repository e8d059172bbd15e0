import type { InboundEvent } from "../channels/port";

/** Longer than any appeal needs; the intake keeps less still. */
const maxTextLength = 10_000;

/**
 * Text as PostgreSQL and every chat can store and show it: no NUL or other control characters
 * (line breaks and tabs stay), no lone surrogates, no unbounded length.
 */
export function cleanText(text: string): string {
  return text
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, "")
    .slice(0, maxTextLength);
}

export function sanitize(event: InboundEvent): InboundEvent {
  // A room's name is whatever its creator typed.
  if (event.kind === "group_binding" && event.room) return { ...event, room: { ...event.room, title: cleanText(event.room.title).slice(0, 200) } };
  if (event.kind !== "message") return event;
  return {
    ...event,
    text: event.text === undefined ? undefined : cleanText(event.text),
    quotedText: event.quotedText === undefined ? undefined : cleanText(event.quotedText),
    sender: { ...event.sender, displayName: event.sender.displayName === undefined ? undefined : cleanText(event.sender.displayName).slice(0, 200) },
  };
}
