import { useI18n } from "vue-i18n";
import { session } from "../session";
import { durationParts } from "./duration";

/**
 * How the dashboard writes numbers, times and durations, in the page's language and the county's
 * time zone (a cadre travelling with a laptop still reads Shanghai's deadlines).
 */
export function useFormat() {
  const { t, locale } = useI18n();
  const timeZone = () => session.state.info?.county.timeZone ?? "Asia/Shanghai";
  const intlLocale = () => (locale.value === "en" ? "en-GB" : locale.value === "zh-Hant" ? "zh-TW" : "zh-CN");

  /** "11-23 14:05" this year, "2025-11-23 14:05" before: the short form a table column fits. */
  function dateTime(iso: string): string {
    const date = new Date(iso);
    const sameYear = new Intl.DateTimeFormat("en", { timeZone: timeZone(), year: "numeric" });
    const thisYear = sameYear.format(date) === sameYear.format(new Date());
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone(),
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
    const day = `${part("month")}-${part("day")}`;
    return `${thisYear ? day : `${part("year")}-${day}`} ${part("hour")}:${part("minute")}`;
  }

  function clock(date: Date): string {
    return new Intl.DateTimeFormat(intlLocale(), { timeZone: timeZone(), hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  }

  /** A rate as "87.5%", or "—" with nothing to judge (never a made-up 0 %). */
  function percent(rate: number | null): string {
    if (rate === null) return t("dashboard.none");
    return `${(Math.round(rate * 1000) / 10).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`;
  }

  /** An average in minutes, hours or days as fits; "—" without any case to average. */
  function duration(hours: number | null): string {
    if (hours === null) return t("dashboard.none");
    const parts = durationParts(hours);
    if (parts.underOneMinute) return t("dashboard.duration.underOneMinute");
    return t(`dashboard.duration.${parts.unit}`, { n: parts.value });
  }

  function waited(seconds: number): string {
    return duration(seconds / 3600);
  }

  return { dateTime, clock, percent, duration, waited };
}
