import { ref } from "vue";
import { ApiError, getJson } from "../../shared/api";
import { session } from "../session";
import { raiseUrgent, resetAlerts } from "./alerts";
import type { CaseChange, InboxRow } from "./types";

type Listener = (change: CaseChange, row: InboxRow | null) => void;

const listeners = new Set<Listener>();
const resyncs = new Set<() => void>();
/** Whether the stream of case changes is open: the inbox says "live" or "reconnecting". */
export const liveConnected = ref(false);

let source: EventSource | undefined;
let texts: { urgentTitle: (number: string) => string; urgentBody: (row: InboxRow) => string; open: (number: string) => void } | undefined;

/** Every change of a case this cadre may see, with its row as it is now (null: no longer visible, e.g. transferred away). */
export function onCaseChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** After a gap in the stream (a reconnect): whoever shows cases reads them again. */
export function onResync(listener: () => void): () => void {
  resyncs.add(listener);
  return () => resyncs.delete(listener);
}

/** Opens the stream for the signed-in cadre; `how` words the urgent alerts and opens a case from one. */
export function startLive(how: NonNullable<typeof texts>): void {
  texts = how;
  if (source) return;
  source = new EventSource("/dashboard/api/inbox/events");
  let hadGap = false;
  source.addEventListener("ready", () => {
    liveConnected.value = true;
    if (hadGap) for (const r of [...resyncs]) r();
    hadGap = false;
  });
  source.addEventListener("resync", () => {
    for (const r of [...resyncs]) r();
  });
  source.addEventListener("case", (event) => void changed(JSON.parse((event as MessageEvent<string>).data) as CaseChange));
  source.addEventListener("error", () => {
    liveConnected.value = false;
    hadGap = true;
    // EventSource hides the status: ask whether the session is the reason, else it retries by itself.
    getJson("/dashboard/api/session").catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        stopLive();
        session.ended();
      }
    });
  });
}

export function stopLive(): void {
  source?.close();
  source = undefined;
  liveConnected.value = false;
  resetAlerts();
}

async function changed(change: CaseChange): Promise<void> {
  let row: InboxRow | null = null;
  try {
    row = (await getJson<{ row: InboxRow }>(`/dashboard/api/inbox?number=${encodeURIComponent(change.number)}`)).row;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) return;
  }
  for (const listener of [...listeners]) listener(change, row);
  // A new urgent case, or one handed to this department: the cadre must hear it.
  const arrived = change.event === "created" || (change.event === "transfer" && row !== null);
  if (change.urgent && arrived && row && texts) {
    const how = texts;
    raiseUrgent(change.number, how.urgentTitle(change.number), how.urgentBody(row), () => how.open(change.number));
  }
}
