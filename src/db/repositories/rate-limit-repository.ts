import { z } from "zod";
import type { Queryable } from "../tx";
import { named, queryNamed } from "./named";
import { col, execute } from "./rows";

/**
 * rate_limit_counts: for each (limiter, key), the times of the takes let in within the limiter's
 * window. A take is one atomic upsert: ON CONFLICT DO UPDATE locks the key's row and its SET sees
 * the row's latest committed version, so of two instances taking at once for one key, the second
 * counts what the first let in. Its row lock lasts until the caller's transaction ends, which for
 * a take inside a transaction (the inbound flood guard) serializes one sender's messages.
 */

export interface TakeRate {
  limiter: string;
  key: string;
  /** ms since the epoch. */
  now: number;
  windowMs: number;
  limit: number;
}

export type TakeResult = { admitted: true } | { admitted: false; retryAfterMs: number };

const takeRow = z.object({ admitted: col.bool, frees_at: col.int.nullable() });

const TAKE = named(
  "take_rate",
  `INSERT INTO rate_limit_counts AS c (limiter, key, times, admitted, expires_at) VALUES ($1, $2, ARRAY[$3::bigint], true, $6::timestamptz)
   ON CONFLICT (limiter, key) DO UPDATE SET (times, admitted, expires_at) = (
     SELECT CASE WHEN room THEN recent || $3::bigint ELSE recent END, room, CASE WHEN room THEN GREATEST(c.expires_at, $6::timestamptz) ELSE c.expires_at END
     FROM (SELECT recent, cardinality(recent) < $5::int AS room
           FROM (SELECT CASE WHEN c.times[1] > $4::bigint THEN c.times ELSE ARRAY(SELECT x FROM unnest(c.times) AS x WHERE x > $4::bigint ORDER BY x) END AS recent) AS p) AS r)
   RETURNING admitted, times[cardinality(times) - $5::int + 1] AS frees_at`,
);

/**
 * Lets the take in, and records it, if fewer than `limit` takes of the last `windowMs` were let
 * in; otherwise records nothing and says how long until the oldest one that counts leaves the
 * window. Times older than the window are dropped as the row is written, so a row holds at most
 * `limit` times.
 */
export async function takeRate(q: Queryable, t: TakeRate): Promise<TakeResult> {
  const since = t.now - t.windowMs;
  // The times still in the window, computed once: the row's own array while its oldest is (times
  // are kept in order), else the array without the old ones.
  const [row] = await queryNamed(
    q,
    TAKE,
    [t.limiter, t.key, t.now, since, t.limit, new Date(t.now + t.windowMs)],
    takeRow,
  );
  if (!row) throw new Error(`rate limit ${t.limiter}: the take returned no row`);
  if (row.admitted) return { admitted: true };
  // The time whose leaving the window makes room (with fewer than `limit` after it).
  return { admitted: false, retryAfterMs: Math.max(1, (row.frees_at ?? t.now) + t.windowMs - t.now) };
}

/** The same SET as TAKE's: the times in the window, the new one added if there is room. */
const TAKE_MANY = named(
  "take_rates",
  `INSERT INTO rate_limit_counts AS c (limiter, key, times, admitted, expires_at)
   SELECT $1, k.key, ARRAY[$3::bigint], true, $6::timestamptz FROM unnest($2::text[]) WITH ORDINALITY AS k(key, ord) ORDER BY k.ord
   ON CONFLICT (limiter, key) DO UPDATE SET (times, admitted, expires_at) = (
     SELECT CASE WHEN room THEN recent || $3::bigint ELSE recent END, room, CASE WHEN room THEN GREATEST(c.expires_at, $6::timestamptz) ELSE c.expires_at END
     FROM (SELECT recent, cardinality(recent) < $5::int AS room
           FROM (SELECT CASE WHEN c.times[1] > $4::bigint THEN c.times ELSE ARRAY(SELECT x FROM unnest(c.times) AS x WHERE x > $4::bigint ORDER BY x) END AS recent) AS p) AS r)
   RETURNING key, admitted`,
);

/**
 * `takeRate` for several keys of one limiter at once (the flood guard over a batch of messages,
 * one per sender): one statement; each key is counted exactly as `takeRate` counts it. The keys
 * must be distinct (an upsert touches a row once). Whether each was let in, in the order given.
 */
export async function takeRates(q: Queryable, t: Omit<TakeRate, "key">, keys: readonly string[]): Promise<boolean[]> {
  if (keys.length === 0) return [];
  const rows = await queryNamed(q, TAKE_MANY, [t.limiter, [...keys], t.now, t.now - t.windowMs, t.limit, new Date(t.now + t.windowMs)], z.object({ key: col.text, admitted: col.bool }));
  const admitted = new Map(rows.map((r) => [r.key, r.admitted]));
  return keys.map((k) => {
    const a = admitted.get(k);
    if (a === undefined) throw new Error(`rate limit ${t.limiter}: the take for a key returned no row`);
    return a;
  });
}

/** Un-counts one take let in at `now` (ms), if there is one. */
export async function giveBackRate(q: Queryable, limiter: string, key: string, now: number): Promise<void> {
  await execute(
    q,
    `UPDATE rate_limit_counts SET times = times[:array_position(times, $3::bigint) - 1] || times[array_position(times, $3::bigint) + 1:]
     WHERE limiter = $1 AND key = $2 AND $3::bigint = ANY(times)`,
    [limiter, key, now],
  );
}

/** Deletes the rows whose every time has left its window by `now`. */
export async function deleteExpiredRateCounts(q: Queryable, now: Date): Promise<void> {
  await execute(q, `DELETE FROM rate_limit_counts WHERE expires_at <= $1`, [now]);
}
