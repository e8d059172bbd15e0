import { z } from "zod";
import type { Attachment, Button, GeoLocation, Mention } from "../../channels/port";
import type { Queryable, Tx } from "../tx";
import { executeNamed, named, queryNamed } from "./named";
import { col, queryRows } from "./rows";

/**
 * web_chat_messages: the built-in web chat's history, every instance's. A message's seq (from the
 * table's sequence) numbers it over all chats; pages resume with "after <seq>", so a number must
 * never become visible after a higher one (see lockAppends).
 */

const sender = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bot") }),
  z.object({ kind: z.literal("resident") }),
  z.object({ kind: z.literal("cadre"), account: z.string(), name: z.string() }),
]);
const button = z.object({ label: z.string(), data: z.string() });

/** Who wrote a message: the bot, the chat's resident, or a cadre (by account and name). */
export type WebChatSender = z.infer<typeof sender>;

/** A stored message. Fields the message does not have are absent, not null: it goes to browsers as JSON. */
export interface WebChatRecord {
  seq: number;
  chatId: string;
  at: Date;
  from: WebChatSender;
  text: string;
  buttons?: Button[][];
  mentions?: Mention[];
  replyToMessageId?: string;
  replyPreview?: string;
  alarm?: true;
  photo?: Attachment;
  location?: GeoLocation;
  clientMessageId?: string;
}

/** A message to store; the sequence gives its seq. */
export type NewWebChatMessage = Omit<WebChatRecord, "seq" | "alarm"> & { alarm?: boolean };

const row = z
  .object({
    seq: col.int,
    chat_id: col.text,
    at: col.date,
    sender,
    text: col.text,
    buttons: z.array(z.array(button)).nullable(),
    mentions: z.array(z.object({ text: z.string(), accountId: z.string() })).nullable(),
    reply_to_message_id: col.text.nullable(),
    reply_preview: col.text.nullable(),
    alarm: col.bool,
    photo: z.object({ kind: z.literal("photo"), fileId: z.string(), channel: z.enum(["telegram", "wechat", "web"]) }).nullable(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    client_message_id: col.text.nullable(),
  })
  .transform(
    (r): WebChatRecord => ({
      seq: r.seq,
      chatId: r.chat_id,
      at: r.at,
      from: r.sender,
      text: r.text,
      ...(r.buttons === null ? {} : { buttons: r.buttons }),
      ...(r.mentions === null ? {} : { mentions: r.mentions }),
      ...(r.reply_to_message_id === null ? {} : { replyToMessageId: r.reply_to_message_id }),
      ...(r.reply_preview === null ? {} : { replyPreview: r.reply_preview }),
      ...(r.alarm ? { alarm: true as const } : {}),
      ...(r.photo === null ? {} : { photo: r.photo }),
      ...(r.location === null ? {} : { location: r.location }),
      ...(r.client_message_id === null ? {} : { clientMessageId: r.client_message_id }),
    }),
  );

const COLUMNS = `seq, chat_id, at, sender, text, buttons, mentions, reply_to_message_id, reply_preview, alarm, photo, location, client_message_id`;

/** Any fixed number, the same in every instance: the key of the appends' lock. */
const APPENDS_LOCK_KEY = 7_268_443_213;

const LOCK_APPENDS = named("lock_web_chat_appends", `SELECT pg_advisory_xact_lock($1)`);

/**
 * Takes, until `tx` ends, the lock every append takes before its number. A sequence hands out
 * numbers in order but two transactions may commit in either order, so without it seq 11 could be
 * visible before seq 10, and a page that read 11 and resumes "after 11" would never see 10. With
 * it, appends commit one after the other in number order. (On the embedded database an advisory
 * lock excludes nothing, but its single connection runs one transaction at a time anyway.)
 */
export async function lockAppends(tx: Tx): Promise<void> {
  await executeNamed(tx, LOCK_APPENDS, [APPENDS_LOCK_KEY]);
}

/** A message to append, with the key that makes a retry of it a duplicate. */
export interface WebChatAppend {
  message: NewWebChatMessage;
  dedupeKey?: string;
}

/**
 * One statement for a batch of appends: the messages whose (chat, key) the table already holds
 * are answered with that row's seq; the others take their numbers in the order given (the
 * sequence is called after the sort, as PostgreSQL evaluates a volatile output after ORDER BY)
 * and are stored under them. The caller holds lockAppends (so no other append stores a key
 * between the lookup and the insert) and gives each (chat, key) at most once.
 */
const APPEND_BATCH = named(
  "append_web_chat_messages",
  `WITH v AS (
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::jsonb[], $4::text[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[],
                          $9::bool[], $10::jsonb[], $11::jsonb[], $12::text[], $13::text[]) WITH ORDINALITY
       AS v(chat_id, at, sender, text, buttons, mentions, reply_to_message_id, reply_preview, alarm, photo, location, client_message_id, dedupe_key, ord)
   ), known AS (
     SELECT v.ord, w.seq FROM v JOIN web_chat_messages w ON w.chat_id = v.chat_id AND w.dedupe_key = v.dedupe_key
   ), numbered AS (
     SELECT v.ord, nextval('web_chat_messages_seq_seq') AS seq FROM v WHERE v.ord NOT IN (SELECT ord FROM known) ORDER BY v.ord
   ), inserted AS (
     INSERT INTO web_chat_messages (seq, chat_id, at, sender, text, buttons, mentions, reply_to_message_id, reply_preview, alarm, photo, location, client_message_id, dedupe_key)
     SELECT n.seq, v.chat_id, v.at, v.sender, v.text, v.buttons, v.mentions, v.reply_to_message_id, v.reply_preview, v.alarm, v.photo, v.location, v.client_message_id, v.dedupe_key
     FROM numbered n JOIN v ON v.ord = n.ord
   )
   SELECT ord, seq, true AS duplicate FROM known
   UNION ALL
   SELECT ord, seq, false FROM numbered`,
);

/** Each append's seq, in the order given, and whether it was a duplicate (nothing stored). Run after lockAppends. */
export async function appendWebChatMessages(tx: Tx, appends: readonly WebChatAppend[]): Promise<{ seq: number; duplicate: boolean }[]> {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const m = appends.map((a) => a.message);
  const rows = await queryNamed(
    tx,
    APPEND_BATCH,
    [
      m.map((x) => x.chatId),
      m.map((x) => x.at),
      m.map((x) => JSON.stringify(x.from)),
      m.map((x) => x.text),
      m.map((x) => json(x.buttons)),
      m.map((x) => json(x.mentions)),
      m.map((x) => x.replyToMessageId ?? null),
      m.map((x) => x.replyPreview ?? null),
      m.map((x) => x.alarm ?? false),
      m.map((x) => json(x.photo)),
      m.map((x) => json(x.location)),
      m.map((x) => x.clientMessageId ?? null),
      appends.map((a) => a.dedupeKey ?? null),
    ],
    z.object({ ord: col.int, seq: col.int, duplicate: col.bool }),
  );
  const results = new Map(rows.map((r) => [r.ord, { seq: r.seq, duplicate: r.duplicate }]));
  let last = 0;
  return appends.map((_, i) => {
    const result = results.get(i + 1);
    if (result === undefined) throw new Error(`web chat append: message ${i + 1} of ${appends.length} got no number`);
    // What "numbers in the order given" rests on, checked: were it ever broken, the batch rolls back rather than reorder a chat.
    if (!result.duplicate && result.seq <= last) throw new Error("web chat append: numbers were not taken in the order given");
    if (!result.duplicate) last = result.seq;
    return result;
  });
}

/**
 * The messages of `chatIds` numbered above `after`, oldest first: of each chat at most its
 * `perChat` newest, none written before `since`. Older ones may still be in the table until the
 * next prune; they are never shown, so what a page sees does not depend on when that ran.
 */
export async function webChatMessagesAfter(
  q: Queryable,
  chatIds: readonly string[],
  after: number,
  window: { perChat: number; since: Date },
): Promise<WebChatRecord[]> {
  return queryRows(
    q,
    `SELECT m.* FROM unnest($1::text[]) AS c(chat_id)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM web_chat_messages w
       WHERE w.chat_id = c.chat_id AND w.seq > $2 AND w.at >= $3
       ORDER BY w.seq DESC LIMIT $4
     ) m
     ORDER BY m.seq`,
    [[...chatIds], after, window.since, window.perChat],
    row,
  );
}

/** One message of a chat by its seq. */
export async function webChatMessage(q: Queryable, chatId: string, seq: number): Promise<WebChatRecord | undefined> {
  const rows = await queryRows(q, `SELECT ${COLUMNS} FROM web_chat_messages WHERE chat_id = $1 AND seq = $2`, [chatId, seq], row);
  return rows[0];
}

/** The chat's newest message with a button whose data is `data`. */
export async function newestWithButton(q: Queryable, chatId: string, data: string): Promise<WebChatRecord | undefined> {
  const rows = await queryRows(
    q,
    // jsonb containment: some row of buttons holds a button with this data.
    `SELECT ${COLUMNS} FROM web_chat_messages WHERE chat_id = $1 AND buttons @> $2::jsonb ORDER BY seq DESC LIMIT 1`,
    [chatId, JSON.stringify([[{ data }]])],
    row,
  );
  return rows[0];
}

/** Deletes what each of `chatIds` has beyond its `perChat` newest messages; returns how many. */
export async function deleteBeyondPerChat(q: Queryable, chatIds: readonly string[], perChat: number): Promise<number> {
  const rows = await queryRows(
    q,
    `WITH cut AS (
       SELECT c.chat_id, k.seq FROM unnest($1::text[]) AS c(chat_id)
       CROSS JOIN LATERAL (SELECT seq FROM web_chat_messages w WHERE w.chat_id = c.chat_id ORDER BY w.seq DESC OFFSET $2 LIMIT 1) k
     ), gone AS (
       DELETE FROM web_chat_messages w USING cut WHERE w.chat_id = cut.chat_id AND w.seq <= cut.seq RETURNING 1
     )
     SELECT count(*) AS n FROM gone`,
    [[...chatIds], perChat],
    z.object({ n: col.int }),
  );
  return rows[0]?.n ?? 0;
}

/** Deletes up to `batch` messages written before `before`; returns how many. */
export async function deleteWrittenBefore(q: Queryable, before: Date, batch: number): Promise<number> {
  const rows = await queryRows(
    q,
    `WITH gone AS (
       DELETE FROM web_chat_messages WHERE seq IN (SELECT seq FROM web_chat_messages WHERE at < $1 ORDER BY at LIMIT $2) RETURNING 1
     )
     SELECT count(*) AS n FROM gone`,
    [before, batch],
    z.object({ n: col.int }),
  );
  return rows[0]?.n ?? 0;
}
