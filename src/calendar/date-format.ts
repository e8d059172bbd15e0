/**
 * An Intl.DateTimeFormat costs far more to make than to use (the profile of intake showed
 * making them as its largest piece of JavaScript), so each locale, style and zone gets one, kept
 * for the life of the process. A style is a constant object of the caller's; looking one up is
 * two map reads, no string building (the reminder sweep formats thousands of dates at once).
 */
const formats = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

export function dateTimeFormat(locale: string, timeZone: string, style: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let byZone = formats.get(style);
  if (!byZone) {
    byZone = new Map();
    formats.set(style, byZone);
  }
  const key = `${locale} ${timeZone}`;
  let format = byZone.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...style, timeZone });
    byZone.set(key, format);
  }
  return format;
}

/** "23 November, 14:05" and the like: a deadline in a message. */
export const dayAndTime: Intl.DateTimeFormatOptions = { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
/** "2026-11-23 14:05" with sv-SE: what Excel reads as a date and time. */
export const isoDateAndTime: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
/** "2026-11-23" with en-CA or sv-SE. */
export const isoDate: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit" };
