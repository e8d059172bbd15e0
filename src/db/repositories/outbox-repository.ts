import { z } from "zod";
import type { ChannelName, OutboundMessage } from "../../channels/port";
import type { Queryable, Tx } from "../tx";
import { named, queryNamed } from "./named";
import { col, execute, queryRows } from "./rows";

/**
 * The outbox table (and chat_moves, which says where its rows go): every statement the outbox
 * runs. The guarantees live in the SQL, so they are written out here:
 * - A claim is taken with SKIP LOCKED on the head of each chat's queue, with the messages
 *   behind it (a run), and names the instance that took it (claimed_by) beside a time lease
 *   (locked_until). A message queued into a chat with nothing pending is claimed as it is
 *   written, in the transaction that queues it, by the instance that will send it after the
 *   commit (no second claim for what the intake just wrote). Another instance
 *   takes the message over when the claiming instance is dead (its heartbeat in `instances` is
 *   stale: a crash costs seconds, and a restarted process has a new id, so its old claims count
 *   as dead too), or when the time lease ran out (the backstop: a live instance stuck in a send,
 *   a claim made before claims named their instance).
 * - So a message is sent at least once. It is sent twice only when an instance died (or stalled
 *   for longer than the dead-after time) after handing it to the platform and before marking it
 *   sent: the instance that takes it over cannot know, and sends it once more. Each such death
 *   costs at most one repeat per chat, since a chat's next message waits for the one before.
 * - Sends that finish together are marked in one UPDATE, and a dead letter is set aside only
 *   while it is still pending (so of two instances only one decides).
 */

export type DeadReason = "refused" | "attempts" | "age";
export type Payload = Omit<OutboundMessage, "chatId">;

const channel = z.enum(["telegram", "wechat", "web"]);
const deadReason = z.enum(["refused", "attempts", "age"]);
const button = z.object({ label: z.string(), data: z.string() });
/** What enqueue wrote: checked on the way back, so a row edited by hand fails here, not in an adapter (keys it does not know pass through). */
const payload: z.ZodType<Payload> = z.looseObject({
  text: z.string(),
  buttons: z.array(z.array(button)).optional(),
  replyToMessageId: z.string().optional(),
  mentions: z.array(z.object({ text: z.string(), accountId: z.string() })).optional(),
  photo: z.object({ kind: z.literal("photo"), fileId: z.string(), channel }).optional(),
  document: z.object({ kind: z.literal("notice"), id: z.string(), fileName: z.string() }).optional(),
  alarm: z.boolean().optional(),
});

export interface QueuedRow {
  channel: ChannelName;
  chatId: string;
  payload: Payload;
  caseId: number | null;
  at: Date;
}

const INSERT_QUEUED = named(
  "insert_queued_outbox",
  `WITH RECURSIVE q AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[], $5::timestamptz[]) WITH ORDINALITY
       AS u(channel, chat_id, payload, case_id, at, ord)
   ), hop(channel, queued_to, chat_id, n) AS (
     SELECT DISTINCT channel, chat_id, chat_id, 0 FROM q
     UNION ALL
     SELECT hop.channel, hop.queued_to, m.to_chat_id, hop.n + 1 FROM hop
       JOIN chat_moves m ON m.channel = hop.channel AND m.from_chat_id = hop.chat_id
     WHERE hop.n < 5
   ), moved AS (
     SELECT DISTINCT ON (channel, queued_to) channel, queued_to, chat_id FROM hop ORDER BY channel, queued_to, n DESC
   ), idle AS (
     SELECT DISTINCT m.channel, m.chat_id FROM moved m
     WHERE $6::text IS NOT NULL AND m.channel = ANY($8::text[])
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.status = 'pending' AND p.channel = m.channel AND p.chat_id = m.chat_id)
   )
   INSERT INTO outbox (channel, chat_id, payload, case_id, status, attempts, next_attempt_at, created_at, claimed_by, locked_until)
   SELECT channel, chat_id, payload, case_id, 'pending', CASE WHEN claimed AND place = 1 THEN 1 ELSE 0 END, at, at,
     CASE WHEN claimed THEN $6::text END, CASE WHEN claimed THEN $7::timestamptz END
   FROM (
     SELECT q.channel, moved.chat_id, q.payload, q.case_id, q.at, q.ord,
       row_number() OVER (PARTITION BY q.channel, moved.chat_id ORDER BY q.ord) AS place,
       idle.chat_id IS NOT NULL AND row_number() OVER (PARTITION BY q.channel, moved.chat_id ORDER BY q.ord) <= $9::int AS claimed
     FROM q JOIN moved ON moved.channel = q.channel AND moved.queued_to = q.chat_id
       LEFT JOIN idle ON idle.channel = q.channel AND idle.chat_id = moved.chat_id
   ) x
   ORDER BY ord
   RETURNING id, chat_id, attempts, claimed_by IS NOT NULL AS claimed`,
);

/**
 * Writes outbox rows, in the order given (their ids are the sending order of a chat), each
 * addressed to where its chat moved if it did (a Telegram group upgraded to a supergroup; up to
 * five moves are followed, as `currentChatId` in src/outbox/enqueue.ts does). The moves are
 * followed once per distinct chat, not per row (a sweep queues a thousand rows to a handful of
 * groups), and each chat's last hop is picked with DISTINCT ON: a scalar subquery over all the
 * hops for every row had made a sweep's insert quadratic in its rows.
 *
 * With `claim`, the rows of a chat that has nothing pending yet (as this statement sees it) on
 * one of `claim.channels` are written claimed by `claim.instanceId` (the first `claim.runLength`
 * of them, as a run: the first one's attempt counted, each next one's when the one before it is
 * marked sent;
 * leased until `claim.leasedUntil`), and returned: that instance sends them once the transaction
 * commits, without claiming them again. A chat with something pending keeps its order: its new
 * rows wait, unclaimed, behind what is there. Two transactions queueing into one idle chat at the
 * same moment may both claim theirs: their order is the order they commit in, as it was when
 * only committed heads were claimed.
 */
export async function insertQueued(tx: Tx, queued: readonly QueuedRow[], claim?: InsertClaim): Promise<ClaimedMessage[]> {
  const rows = await queryNamed(
    tx,
    INSERT_QUEUED,
    [
      queued.map((m) => m.channel),
      queued.map((m) => m.chatId),
      queued.map((m) => JSON.stringify(m.payload)),
      queued.map((m) => m.caseId),
      queued.map((m) => m.at),
      claim?.instanceId ?? null,
      claim?.leasedUntil ?? null,
      claim?.channels ?? [],
      claim?.runLength ?? 0,
    ],
    z.object({ id: col.int, chat_id: col.text, attempts: col.int, claimed: col.bool }),
  );
  if (rows.length !== queued.length) throw new Error(`outbox insert: ${queued.length} rows queued, ${rows.length} written`);
  // The ids follow the order given (what every chat's order rests on), so the i-th id is the i-th
  // row queued: a claimed row's payload is the one in hand, not parsed back from the database (a
  // sweep hands over a thousand).
  rows.sort((a, b) => a.id - b.id);
  return rows.flatMap((r, i) => {
    const m = queued[i]!;
    return r.claimed ? [{ id: r.id, channel: m.channel, chatId: r.chat_id, payload: m.payload, attempts: r.attempts, failures: 0, since: m.at }] : [];
  });
}

/** Who claims what a transaction queues, as it is written (see insertQueued). */
export interface InsertClaim {
  instanceId: string;
  leasedUntil: Date;
  /** The channels it sends (and can send on now). */
  channels: readonly ChannelName[];
  /** Most rows of one chat claimed (the first ones): the rest wait for a claim, as a claim takes runs this long. */
  runLength: number;
}

const MOVED_TO = named("chat_moved_to", `SELECT to_chat_id FROM chat_moves WHERE channel = $1 AND from_chat_id = $2`);

/** Where a chat moved to (one hop), or null. */
export async function movedTo(tx: Tx, chatChannel: ChannelName, fromChatId: string): Promise<string | null> {
  const rows = await queryNamed(tx, MOVED_TO, [chatChannel, fromChatId], z.object({ to_chat_id: col.text }));
  return rows[0]?.to_chat_id ?? null;
}

/** Records a move and points queued and sent messages at the new id, so replies to old cards still map. */
export async function recordChatMove(tx: Tx, chatChannel: ChannelName, fromChatId: string, toChatId: string, now: Date): Promise<void> {
  await execute(
    tx,
    `INSERT INTO chat_moves (channel, from_chat_id, to_chat_id, moved_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel, from_chat_id) DO UPDATE SET to_chat_id = EXCLUDED.to_chat_id, moved_at = EXCLUDED.moved_at`,
    [chatChannel, fromChatId, toChatId, now],
  );
  await execute(tx, `UPDATE outbox SET chat_id = $3 WHERE channel = $1 AND chat_id = $2`, [chatChannel, fromChatId, toChatId]);
}

/** The case a bot message in a chat was about (null if none, or no such message). */
export async function caseIdOfSentMessage(tx: Tx, chatChannel: ChannelName, chatId: string, messageId: string): Promise<number | null> {
  const rows = await queryRows(
    tx,
    `SELECT case_id FROM outbox WHERE channel = $1 AND chat_id = $2 AND message_id = $3 LIMIT 1`,
    [chatChannel, chatId, messageId],
    z.object({ case_id: col.int.nullable() }),
  );
  return rows[0]?.case_id ?? null;
}

export interface ClaimedMessage {
  id: number;
  channel: ChannelName;
  chatId: string;
  payload: Payload;
  attempts: number;
  failures: number;
  /** When it was queued, or last sent again by an operator: its age for the age bound. */
  since: Date;
}

const claimedColumns = { id: col.int, channel, chat_id: col.text, payload, attempts: col.int, failures: col.int, since: col.date };
const toClaimed = (r: z.output<z.ZodObject<typeof claimedColumns>>): ClaimedMessage => ({
  id: r.id,
  channel: r.channel,
  chatId: r.chat_id,
  payload: r.payload,
  attempts: r.attempts,
  failures: r.failures,
  since: r.since,
});
const claimedRow = z.object(claimedColumns).transform(toClaimed);

/** Who claims: its id goes on each claim, and a claim by an instance silent for `deadAfterSeconds` is taken over. */
export interface Claimant {
  instanceId: string;
  deadAfterSeconds: number;
}

/**
 * Leases runs: the oldest pending message of each of the channel's chats, where it is due and
 * not claimed by another sender that is still alive and within its time lease, and up to
 * `runLength - 1` messages behind it in the same chat that are due and unclaimed too (the run
 * stops at the first one that is not). The head's attempt is counted now, each next one's when
 * the one before it is marked sent (markSent): `attempts` counts the tries that may have reached
 * the platform, so after a crash only the one in flight shows as possibly sent twice. At most
 * `limit` chats.
 * The chats' order is kept by the sender: it sends a run one message after the other and gives
 * back the rest of it when one fails, so a failed message still holds its chat's later ones.
 *
 * How it walks: the chats with pending messages are found by a skip scan of the pending index
 * (one descent per chat, a recursive CTE), each chat's head by one more, its run by an index
 * range: plain index scans, never a bitmap scan over the whole channel. That matters for the
 * index's dead entries (the rows sent since the last vacuum, and the old versions a claim
 * leaves): a plain index scan that meets a dead row marks its entry dead (kill_prior_tuple) and
 * every later claim steps over it without a visit to the table; a bitmap scan marks nothing, so
 * every claim visited every dead entry's page again until the next vacuum (23,531 of them after
 * 40 k sent rows, 5–12 ms a claim, in the issue's profile). The planner, which sees almost no
 * pending rows, picked that bitmap scan for the DISTINCT ON walk this replaces.
 *
 * A head is locked (SKIP LOCKED) only if nobody claimed it since this statement's snapshot (its
 * locked_until unchanged): the check PostgreSQL repeats on a row another claim just changed. Its
 * run is taken only behind a head this statement locked, so of two claims on one chat only one
 * gets any of it. The live instances are read once per claim (a hashed subplan over a table of a
 * few rows). Its own claims the claimant never takes for dead (after a database outage its own
 * heartbeat may be stale while its sends wait to be marked): only their time lease frees them.
 * Without a claimant (a dispatcher outside a cluster) the claims carry no id and only time
 * leases count. Rows come back in id order.
 */
export async function claimRuns(
  tx: Tx,
  claimChannel: ChannelName,
  now: Date,
  leasedUntil: Date,
  limit: number,
  runLength: number,
  claimant?: Claimant,
): Promise<ClaimedMessage[]> {
  const free = (t: string) => `(${t}.locked_until IS NULL OR ${t}.locked_until < $1
           OR ($5::text IS NOT NULL AND ${t}.claimed_by IS NOT NULL AND ${t}.claimed_by <> $5
             AND ${t}.claimed_by NOT IN (SELECT id FROM instances WHERE heartbeat_at > now() - make_interval(secs => $6))))`;
  return queryRows(
    tx,
    `WITH RECURSIVE chats(chat_id) AS (
       (SELECT chat_id FROM outbox WHERE status = 'pending' AND channel = $3 ORDER BY chat_id LIMIT 1)
       UNION ALL
       SELECT (SELECT o.chat_id FROM outbox o WHERE o.status = 'pending' AND o.channel = $3 AND o.chat_id > chats.chat_id ORDER BY o.chat_id LIMIT 1)
       FROM chats WHERE chats.chat_id IS NOT NULL
     ), heads AS (
       SELECT h.* FROM chats CROSS JOIN LATERAL (
         SELECT id, chat_id, next_attempt_at, locked_until, claimed_by FROM outbox
         WHERE status = 'pending' AND channel = $3 AND chat_id = chats.chat_id ORDER BY id LIMIT 1) h
     ), locked AS (
       SELECT o.id, o.chat_id FROM (
           SELECT * FROM heads h WHERE h.next_attempt_at <= $1 AND ${free("h")} ORDER BY h.id LIMIT $4
         ) f JOIN outbox o ON o.id = f.id
       WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND o.locked_until IS NOT DISTINCT FROM f.locked_until
       FOR UPDATE OF o SKIP LOCKED
     ), behind AS (
       SELECT r.id FROM locked l CROSS JOIN LATERAL (
         SELECT b.id, bool_and(b.next_attempt_at <= $1 AND ${free("b")}) OVER (ORDER BY b.id) AS unbroken FROM outbox b
         WHERE b.status = 'pending' AND b.channel = $3 AND b.chat_id = l.chat_id AND b.id > l.id ORDER BY b.id LIMIT $7::int - 1) r
       WHERE r.unbroken
     ), claimed AS (
       UPDATE outbox SET locked_until = $2, claimed_by = $5, attempts = attempts + CASE WHEN id IN (SELECT id FROM locked) THEN 1 ELSE 0 END
       WHERE id IN (SELECT id FROM locked UNION ALL SELECT id FROM behind) AND status = 'pending'
       RETURNING id, channel, chat_id, payload, attempts, failures, COALESCE(retried_at, created_at) AS since
     )
     SELECT * FROM claimed ORDER BY id`,
    [now, leasedUntil, claimChannel, limit, claimant?.instanceId ?? null, claimant?.deadAfterSeconds ?? 0, Math.max(1, runLength)],
    claimedRow,
  );
}

/**
 * Gives back claimed messages not tried (the rest of a run behind one that failed, or what a
 * sender stopping will not send): unclaimed, still pending in their place, the attempt of those in
 * `counted` (the next of a run, counted when the one before it was marked) uncounted again. Only
 * while `claimedBy` still holds them (another instance may have taken them over).
 */
export async function giveBack(tx: Tx, ids: readonly number[], counted: readonly number[], claimedBy: string | null): Promise<void> {
  if (ids.length === 0) return;
  await execute(
    tx,
    `UPDATE outbox SET locked_until = NULL, claimed_by = NULL, attempts = attempts - CASE WHEN id = ANY($2::int[]) THEN 1 ELSE 0 END
     WHERE id = ANY($1::int[]) AND status = 'pending' AND claimed_by IS NOT DISTINCT FROM $3`,
    [[...ids], [...counted], claimedBy],
  );
}

/**
 * Marks messages sent (with the platform's id, so replies map to their case), all in one
 * statement, and counts the attempt of each one's `next` (the next message of its run, about to
 * be sent) while `claimedBy` still holds it. Returns, per message, who held its claim when it was
 * marked: a sender whose claim was taken over (it looked dead) learns so here, and leaves the
 * rest of its run to the taker.
 */
export async function markSent(
  tx: Tx,
  sent: readonly { id: number; messageId: string; sentAt: Date; next: number | null }[],
  claimedBy: string | null,
): Promise<Map<number, string | null>> {
  const next = sent.flatMap((m) => (m.next === null ? [] : [m.next]));
  const rows = await queryRows(
    tx,
    `WITH marked AS (
       UPDATE outbox o SET status = 'sent', sent_at = v.sent_at, message_id = v.message_id, locked_until = NULL, last_error = NULL
       FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS v(id, message_id, sent_at) WHERE o.id = ANY($1::int[]) AND o.id = v.id
       RETURNING o.id, o.claimed_by
     ), counted AS (
       UPDATE outbox SET attempts = attempts + 1 WHERE id = ANY($4::int[]) AND status = 'pending' AND claimed_by IS NOT DISTINCT FROM $5
     )
     SELECT id, claimed_by FROM marked`,
    [sent.map((m) => m.id), sent.map((m) => m.messageId), sent.map((m) => m.sentAt), next, claimedBy],
    z.object({ id: col.int, claimed_by: col.text.nullable() }),
  );
  return new Map(rows.map((r) => [r.id, r.claimed_by]));
}

/** Back in line until `dueAt` (a platform's flood limit), the claim not counted as an attempt. */
export async function backInLine(tx: Tx, id: number, dueAt: Date): Promise<void> {
  await execute(tx, `UPDATE outbox SET locked_until = NULL, next_attempt_at = $2, attempts = attempts - 1 WHERE id = $1`, [id, dueAt]);
}

/** Given up on (the recipient blocked the bot): its chat's next messages may go. */
export async function writeOff(tx: Tx, id: number, error: string): Promise<void> {
  await execute(tx, `UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = $2, first_error = COALESCE(first_error, $2) WHERE id = $1`, [id, error]);
}

/** Tried again at `dueAt`, the error kept; `counted` adds to the failures the attempts bound counts. */
export async function retryAt(tx: Tx, id: number, dueAt: Date, error: string, counted: boolean): Promise<void> {
  await execute(
    tx,
    `UPDATE outbox SET locked_until = NULL, next_attempt_at = $2, last_error = $3, first_error = COALESCE(first_error, $3), failures = failures + $4 WHERE id = $1`,
    [id, dueAt, error, counted ? 1 : 0],
  );
}

/** Sets a message aside as a dead letter, keeping the error; null if it was no longer pending (another instance decided). */
export async function setAside(tx: Tx, id: number, error: string, reason: DeadReason, counted: boolean, now: Date): Promise<{ channel: ChannelName; chatId: string } | null> {
  const rows = await queryRows(
    tx,
    `UPDATE outbox SET status = 'dead', dead_at = $3, dead_reason = $4, locked_until = NULL, last_error = $2,
       first_error = COALESCE(first_error, $2), failures = failures + $5
     WHERE id = $1 AND status = 'pending'
     RETURNING channel, chat_id`,
    [id, error, now, reason, counted ? 1 : 0],
    z.object({ channel, chat_id: col.text }),
  );
  const row = rows[0];
  return row ? { channel: row.channel, chatId: row.chat_id } : null;
}

export interface DeadLetter {
  id: number;
  channel: ChannelName;
  chatId: string;
  caseId: number | null;
  caseNumber: string | null;
  payload: Payload;
  attempts: number;
  failures: number;
  firstError: string | null;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date;
  deadReason: DeadReason;
}

const deadLetterRow = z
  .object({
    id: col.int,
    channel,
    chat_id: col.text,
    case_id: col.int.nullable(),
    number: col.text.nullable(),
    payload,
    attempts: col.int,
    failures: col.int,
    first_error: col.text.nullable(),
    last_error: col.text.nullable(),
    created_at: col.date,
    dead_at: col.date,
    dead_reason: deadReason,
  })
  .transform(
    (r): DeadLetter => ({
      id: r.id,
      channel: r.channel,
      chatId: r.chat_id,
      caseId: r.case_id,
      caseNumber: r.number,
      payload: r.payload,
      attempts: r.attempts,
      failures: r.failures,
      firstError: r.first_error,
      lastError: r.last_error,
      createdAt: r.created_at,
      deadAt: r.dead_at,
      deadReason: r.dead_reason,
    }),
  );

/** The dead letters, oldest first (at most `limit`), with their case's number. */
export async function listDeadLetters(tx: Tx, limit: number): Promise<DeadLetter[]> {
  return queryRows(
    tx,
    `SELECT o.id, o.channel, o.chat_id, o.case_id, c.number, o.payload, o.attempts, o.failures, o.first_error, o.last_error,
            o.created_at, o.dead_at, o.dead_reason
     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
     WHERE o.status = 'dead' ORDER BY o.id LIMIT $1`,
    [limit],
    deadLetterRow,
  );
}

/** A dead letter back in its chat's queue, due now, counted afresh, its age from now; null if it is not one (any more). */
export async function sendAgain(tx: Tx, id: number, now: Date): Promise<{ channel: ChannelName; caseId: number | null } | null> {
  const rows = await queryRows(
    tx,
    `UPDATE outbox SET status = 'pending', attempts = 0, failures = 0, next_attempt_at = $2, locked_until = NULL,
       dead_at = NULL, dead_reason = NULL, retried_at = $2
     WHERE id = $1 AND status = 'dead'
     RETURNING channel, case_id`,
    [id, now],
    z.object({ channel, case_id: col.int.nullable() }),
  );
  const row = rows[0];
  return row ? { channel: row.channel, caseId: row.case_id } : null;
}

/** A dead letter given up for good (kept on record as discarded). False if it is not a dead letter. */
export async function discard(tx: Tx, id: number): Promise<boolean> {
  const rows = await queryRows(tx, `UPDATE outbox SET status = 'discarded' WHERE id = $1 AND status = 'dead' RETURNING id`, [id], z.object({ id: col.int }));
  return rows.length > 0;
}

/** How many dead letters a channel has. */
export async function countDead(tx: Tx, deadChannel: ChannelName): Promise<number> {
  const rows = await queryRows(tx, `SELECT count(*)::int AS n FROM outbox WHERE status = 'dead' AND channel = $1`, [deadChannel], z.object({ n: col.int }));
  return rows[0]?.n ?? 0;
}

/** Dead letters per channel (channels without any are absent). */
export async function countDeadByChannel(tx: Queryable): Promise<{ channel: ChannelName; n: number }[]> {
  return queryRows(tx, `SELECT channel, count(*)::int AS n FROM outbox WHERE status = 'dead' GROUP BY channel`, [], z.object({ channel, n: col.int }));
}

/** Messages waiting to be sent per channel, and the age of the oldest in seconds (channels without any are absent). */
export async function pendingBacklog(tx: Queryable): Promise<{ channel: ChannelName; n: number; ageSeconds: number }[]> {
  const rows = await queryRows(
    tx,
    `SELECT channel, count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS age
     FROM outbox WHERE status = 'pending' GROUP BY channel`,
    [],
    z.object({ channel, n: col.int, age: col.num }),
  );
  return rows.map((r) => ({ channel: r.channel, n: r.n, ageSeconds: r.age }));
}
