/**
 * The URL a request asks for, or undefined when its target is malformed (the caller answers 400).
 *
 * A target is normally a path, "/chat/messages?x=1": it is appended to a fixed origin. One that
 * starts with "//" (or "/\", which URL parsers read the same) is refused: `new URL(target, base)`
 * reads it as another host, so "//[" or "//a:b:c/" throw and "//elsewhere/x" would quietly become
 * "/x"; none of our paths look like that. A proxy may send the absolute form, "http://host/path"
 * (RFC 9112 §3.2.2): it is accepted for http and https and reduced to its path, and one that does
 * not parse ("http://x:99999/") is refused, as are "*" (OPTIONS *) and anything else.
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const raw = target ?? "/";
  try {
    if (raw.startsWith("/")) return /^\/[/\\]/.test(raw) ? undefined : new URL(`http://localhost${raw}`);
    const absolute = new URL(raw);
    if (absolute.protocol !== "http:" && absolute.protocol !== "https:") return undefined;
    return new URL(`http://localhost${absolute.pathname}${absolute.search}`);
  } catch {
    return undefined;
  }
}
