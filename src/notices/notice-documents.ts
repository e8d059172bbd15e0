import type { DocumentStore } from "../channels/port";
import { findNotice } from "../db/repositories/notice-repository";
import type { Queryable } from "../db/tx";

/** The issued notices' PDFs, for the adapters that send them as files (they may not read the database). */
export function noticeDocuments(q: Queryable): DocumentStore {
  return {
    bytesOf: async (document) => (document.kind === "notice" ? (await findNotice(q, document.id))?.pdf : undefined),
  };
}
