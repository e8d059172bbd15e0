import { z } from "zod";
import type { InboundEvent } from "../../channels/port";
import type { Tx } from "../tx";
import { named, queryNamed } from "./named";
import { col } from "./rows";

/**
 * inbound_messages: every event a platform delivered, once. Platforms redeliver; the unique
 * (channel, delivery_id) makes the record the dedupe, inside the transaction that handles the
 * event, so a message is handled (and its replies queued) exactly when its record commits.
 */

export type InboundStatus = "handled" | "failed";

const RECORD = named(
  "record_inbound",
  `INSERT INTO inbound_messages (channel, delivery_id, received_at, payload, status) VALUES ($1, $2, $3, $4, $5)
   ON CONFLICT (channel, delivery_id) DO NOTHING RETURNING id`,
);

/** Records the event; false if it was recorded before (a redelivery), and then nothing is written. */
export async function recordInbound(tx: Tx, event: InboundEvent, status: InboundStatus, receivedAt: Date): Promise<boolean> {
  const rows = await queryNamed(
    tx,
    RECORD,
    [event.channel, event.deliveryId, receivedAt, JSON.stringify(event), status],
    z.object({ id: col.int }),
  );
  return rows.length > 0;
}
