import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock";
import { findWebPhoto, insertWebPhoto } from "../db/repositories/web-photo-repository";
import type { Tx } from "../db/tx";
import { photoTypeOf } from "./image-type";

/** The page sends a JPEG of at most 1600 px a side, a few hundred KB; this leaves room for a PNG screenshot. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type PhotoRefusal = "not_a_photo" | "too_large";

export interface StoredPhoto {
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * The photos web residents send, kept in the database with their content hash. Who may read one
 * is decided by the caller's route and this class together: the chat that sent it (by its
 * cookie, `ofChat`), or a cadre who may see a case the photo is attached to (`byId`, after the
 * case's check). The id is random, 128 bits: it appears in a case's attachments, never in a URL
 * that works without one of those two checks.
 */
export class WebPhotos {
  readonly maxBytes = MAX_PHOTO_BYTES;

  constructor(
    private readonly db: Tx,
    private readonly clock: Clock,
  ) {}

  async save(chatId: string, bytes: Buffer): Promise<{ ok: true; id: string } | { ok: false; reason: PhotoRefusal }> {
    if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, reason: "too_large" };
    const contentType = photoTypeOf(bytes);
    if (contentType === undefined) return { ok: false, reason: "not_a_photo" };
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const id = await insertWebPhoto(this.db, { id: `wp-${randomBytes(16).toString("base64url")}`, chatId, sha256, contentType, bytes, at: this.clock.now() });
    return { ok: true, id };
  }

  /** The photo, if `chatId` sent it; otherwise nothing, as for an id that does not exist. */
  async ofChat(chatId: string, id: string): Promise<StoredPhoto | undefined> {
    const photo = await this.byId(id);
    return photo?.chatId === chatId ? photo : undefined;
  }

  /** For a caller that has checked who may see it (a cadre's case view). */
  async byId(id: string): Promise<(StoredPhoto & { chatId: string }) | undefined> {
    if (!/^wp-[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
    return findWebPhoto(this.db, id);
  }
}
