import { randomInt, timingSafeEqual } from "node:crypto";

/**
 * One-time codes that bind a WeChat room to a group of the deployment. Digits only, because an
 * operator types them on a phone; eight of them, because anyone can create a room and try: with
 * `MAX_WRONG_CODES_PER_ROOM` tries a room, a guess needs tens of millions of rooms.
 */
export const BIND_CODE_DIGITS = 8;

/** After this many wrong codes a room's further tries are not even compared. */
export const MAX_WRONG_CODES_PER_ROOM = 5;

export function newBindCode(): string {
  let code = "";
  for (let i = 0; i < BIND_CODE_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** What people type to bind the room they type it in: the text operators are shown. */
export function bindCommand(code: string): string {
  return `绑定 ${code}`;
}

/**
 * "绑定 48291357", "/bind 48291357", "绑定４８２９ １３５７" (a phone's full-width digits, spaces) → the
 * digits typed; null when the text is not a bind command at all (then it is ordinary talk). The
 * digits may be of any length: a wrong length is a wrong code, not talk.
 */
export function parseBindCommand(text: string): string | null {
  const match = /^(?:\/bind(?:@\S+)?|绑定)[\s\u3000:：]*([0-9０-９][0-9０-９\s\u3000-]*)$/i.exec(text.trim());
  if (match === null) return null;
  return match[1]!.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000-]/g, "");
}

/**
 * The key whose code was typed, or undefined. Every pending code is compared, in constant time
 * and without stopping at a match, so how long the answer takes says nothing about the codes.
 */
export function redeem<K>(typed: string, pending: ReadonlyMap<K, string>): K | undefined {
  const given = Buffer.from(typed.padEnd(BIND_CODE_DIGITS, "\0").slice(0, BIND_CODE_DIGITS));
  const rightLength = typed.length === BIND_CODE_DIGITS;
  let found: K | undefined;
  for (const [key, code] of pending) {
    const same = timingSafeEqual(given, Buffer.from(code));
    if (same && rightLength && found === undefined) found = key;
  }
  return found;
}
