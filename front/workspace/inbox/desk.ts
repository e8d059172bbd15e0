import { getJson } from "../../shared/api";
import type { Desk } from "./types";

let desk: Promise<Desk> | undefined;

/** The department's 常用语, its cadres and the extension's bound: read once per page, they change only with the configuration. */
export function loadDesk(): Promise<Desk> {
  desk ??= getJson<Desk>("/dashboard/api/inbox/desk").catch((error: unknown) => {
    desk = undefined;
    throw error;
  });
  return desk;
}
