import type { DatabaseSettings } from "../db/database";
import type { Deployment } from "./schema";

export interface TelegramSettings {
  token: string;
  apiUrl?: string;
  webhook?: { url: string; path: string; secretToken: string };
}

/** Everything the service needs to start, read and validated once by `loadSettings`. */
export interface Settings {
  port: number;
  database: DatabaseSettings;
  telegram?: TelegramSettings;
  /** How long a message being sent stays reserved to this instance (the outbox's lease); default 60 s. */
  outboxLeaseMs?: number;
  log: { level: string; format: "json" | "pretty" };
  deployment: Deployment;
}
