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

/** Values that must never appear in a log line. */
export function secretsOf(settings: Settings): string[] {
  const db = settings.database.kind === "postgres" ? new URL(settings.database.url).password : "";
  return [
    settings.telegram?.token ?? "",
    settings.telegram?.webhook?.secretToken ?? "",
    decodeURIComponent(db),
    ...settings.deployment.cadres.map((c) => c.webPassword ?? ""),
  ].filter((s) => s !== "");
}
