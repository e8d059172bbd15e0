/**
 * An Intl.DateTimeFormat costs far more to make than to use (the profile of intake showed
 * making them as its largest piece of JavaScript), so each locale, zone and set of options
 * gets one, kept for the life of the process. There are only a handful.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}
