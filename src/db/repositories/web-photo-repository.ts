import { z } from "zod";
import type { Queryable } from "../tx";
import { col, queryRows } from "./rows";

/** web_photos: the photos web residents sent (src/web-chat/web-photos.ts says what may read them). */

export interface WebPhotoRow {
  id: string;
  chatId: string;
  sha256: string;
  contentType: string;
  bytes: Buffer;
}

const bytes = z.union([z.instanceof(Buffer), z.instanceof(Uint8Array).transform((b) => Buffer.from(b))]);

/**
 * Stores a photo, or returns the id the same chat's same bytes got before (a retry of an upload
 * whose answer was lost): one statement, so two instances taking the same retry agree.
 */
export async function insertWebPhoto(q: Queryable, photo: Omit<WebPhotoRow, "bytes"> & { bytes: Buffer; at: Date }): Promise<string> {
  const [row] = await queryRows(
    q,
    `WITH inserted AS (
       INSERT INTO web_photos (id, chat_id, sha256, content_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (chat_id, sha256) DO NOTHING RETURNING id
     )
     SELECT id FROM inserted UNION ALL SELECT id FROM web_photos WHERE chat_id = $2 AND sha256 = $3 LIMIT 1`,
    [photo.id, photo.chatId, photo.sha256, photo.contentType, photo.bytes.length, photo.bytes, photo.at],
    z.object({ id: col.text }),
  );
  if (row === undefined) throw new Error("INSERT INTO web_photos returned no id");
  return row.id;
}

export async function findWebPhoto(q: Queryable, id: string): Promise<WebPhotoRow | undefined> {
  const [row] = await queryRows(
    q,
    `SELECT id, chat_id, sha256, content_type, bytes FROM web_photos WHERE id = $1`,
    [id],
    z.object({ id: col.text, chat_id: col.text, sha256: col.text, content_type: col.text, bytes }),
  );
  return row && { id: row.id, chatId: row.chat_id, sha256: row.sha256, contentType: row.content_type, bytes: row.bytes };
}
