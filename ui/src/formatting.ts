// Date formatters, made once per language and style: building an Intl.DateTimeFormat is
// far dearer than using one, and the list would otherwise build one per row per render.
const formatters = new Map<string, Intl.DateTimeFormat>();

type Style = NonNullable<Intl.DateTimeFormatOptions["dateStyle"]>;

/** The formatter for `language` with the given date and time styles. */
export function dateTimeFormat(language: string, dateStyle: Style, timeStyle: Style): Intl.DateTimeFormat {
  const key = `${language}|${dateStyle}|${timeStyle}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle, timeStyle });
    formatters.set(key, format);
  }
  return format;
}
