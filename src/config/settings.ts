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
  /** The service's address as cadres' browsers reach it, without a trailing slash. */
  publicUrl: string;
  database: DatabaseSettings;
  telegram?: TelegramSettings;
  log: { level: string; format: "json" | "pretty" };
  deployment: Deployment;
}
