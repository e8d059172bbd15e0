/** "3 小时", "25 分钟", "4 天": a span as a person says it, rounded to what matters at that size. */
export function spanParts(ms: number): { unit: "minutes" | "hours" | "days"; n: number } {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return { unit: "minutes", n: minutes };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { unit: "hours", n: hours };
  return { unit: "days", n: Math.round(hours / 24) };
}

/** A date and time in the county's time zone, short: "12-01 14:05" (with the year when it is not this one). */
export function formatTime(iso: string, timeZone: string, locale: string): string {
  const date = new Date(iso);
  const sameYear = new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(date) === new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(new Date());
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    ...(sameYear ? {} : { year: "numeric" }),
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}
