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

/**
 * A message names the photo: it is sent from `at` on (if not before) and no longer expires.
 * False if there is no such photo any more (deleted, unsent, after its grace period).
 */
export async function markWebPhotoSent(q: Queryable, id: string, at: Date): Promise<boolean> {
  const rows = await queryRows(q, `UPDATE web_photos SET sent_at = COALESCE(sent_at, $2) WHERE id = $1 RETURNING 1 AS found`, [id, at], z.object({ found: col.int }));
  return rows.length > 0;
}

/**
 * Deletes up to `batch` photos uploaded before `before` and never sent; returns how many. Rows
 * another instance is deleting, or a message is marking sent, are skipped (SKIP LOCKED): each
 * instance takes its own, nobody waits; the outer condition is checked again on the locked row.
 */
export async function deleteUnsentWebPhotos(q: Queryable, before: Date, batch: number): Promise<number> {
  const rows = await queryRows(
    q,
    `WITH gone AS (
       DELETE FROM web_photos WHERE id IN (
         SELECT id FROM web_photos WHERE sent_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ) AND sent_at IS NULL AND created_at < $1 RETURNING 1
     )
     SELECT count(*) AS n FROM gone`,
    [before, batch],
    z.object({ n: col.int }),
  );
  return rows[0]?.n ?? 0;
}
