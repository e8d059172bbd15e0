/** A case number (MQ-20261123-0001) inside a text, so it can be kept on one line. */
const CASE_NUMBER = /(MQ-\d{8}-\d{3,6})/;

/** The text cut into plain parts and case numbers, for a template to draw (never as markup). */
export function splitCaseNumbers(text: string): { text: string; caseNumber: boolean }[] {
  return text
    .split(CASE_NUMBER)
    .filter((part) => part !== "")
    .map((part) => ({ text: part, caseNumber: CASE_NUMBER.test(part) && /^MQ-/.test(part) }));
}

/** 14:05 today, 11/23 14:05 another day, in the page's language. */
export function messageTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const sameDay = date.toDateString() === new Date().toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: "2-digit", minute: "2-digit" } : { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" };
  try {
    return date.toLocaleString(language, options);
  } catch {
    return date.toLocaleString(undefined, options);
  }
}
