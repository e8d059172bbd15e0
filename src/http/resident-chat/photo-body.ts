import type { IncomingMessage } from "node:http";

/**
 * A photo's raw body, at most `maxBytes`. A larger one is read on (and thrown away) up to four
 * times the limit, so the browser, still sending, receives the polite 413 instead of a reset
 * connection; beyond that the connection is cut.
 */
export async function readPhotoBody(req: IncomingMessage, maxBytes: number): Promise<{ bytes: Buffer } | { tooLarge: true }> {
  const drainLimit = maxBytes * 4;
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > drainLimit) {
    req.destroy();
    return { tooLarge: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<unknown>) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > drainLimit) {
      req.destroy();
      return { tooLarge: true };
    }
    if (size <= maxBytes) chunks.push(bytes);
  }
  return size > maxBytes ? { tooLarge: true } : { bytes: Buffer.concat(chunks) };
}
