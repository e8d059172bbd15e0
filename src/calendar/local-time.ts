/**
 * Wall-clock arithmetic in the deployment's time zone. Dates are stored in UTC; "09:00",
 * "a working day" and "today" only mean something locally.
 */

export interface LocalDateTime {
  /** "2026-11-23" */
  date: string;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function toLocal(date: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdays.indexOf(parts.weekday ?? ""),
  };
}

/** The instant when the local clock shows `date` `time` ("HH:MM"). */
export function fromLocal(date: string, time: string, timeZone: string): Date {
  const [h = 0, m = 0] = time.split(":").map(Number);
  const guess = new Date(`${date}T${pad(h)}:${pad(m)}:00Z`);
  // The zone's offset at that moment, found by comparing what the local clock shows.
  for (let i = 0; i < 2; i++) {
    const shown = toLocal(guess, timeZone);
    const shownUtc = Date.parse(`${shown.date}T${pad(shown.hour)}:${pad(shown.minute)}:00Z`);
    const wanted = Date.parse(`${date}T${pad(h)}:${pad(m)}:00Z`);
    guess.setTime(guess.getTime() + (wanted - shownUtc));
  }
  return guess;
}

/** "2026-11-23" + n days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Minutes since local midnight of "HH:MM". */
export function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(":").map(Number);
  return h * 60 + m;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
