import { Column, Entity, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { ChannelName, InboundEvent } from "../../channels/port";

/** Every event a platform delivered, once: platforms redeliver, this table says no twice. */
@Entity("inbound_messages")
@Unique("UQ_inbound_delivery", ["channel", "deliveryId"])
export class InboundMessageRecord {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column({ type: "text" })
  channel!: ChannelName;

  @Column({ name: "delivery_id", type: "text" })
  deliveryId!: string;

  @Column({ name: "received_at", type: "timestamptz" })
  receivedAt!: Date;

  @Column({ type: "jsonb" })
  payload!: InboundEvent;

  /** "handled", or "failed" when handling threw and the sender was told to try again. */
  @Column({ type: "text" })
  status!: "handled" | "failed";
}
