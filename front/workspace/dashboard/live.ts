import { onBeforeUnmount, onMounted, ref } from "vue";

/** Many changes in a moment (a merge, a sweep) cost one refetch. */
const DEBOUNCE_MS = 700;
/** After the stream was refused (the session ended, the server restarted badly), try again this much later. */
const REOPEN_MS = 15_000;

/**
 * Calls `refetch` when a case the cadre may see changes, on any instance (GET /dashboard/api/live,
 * src/dashboard/live-routes.ts: `case` hints `{ number, state }`, `resync` after a lost
 * connection). The hint only says "read again": the page fetches what it shows itself.
 * `updatedAt` is when the last refetch was asked, for the page to say "updated 14:05".
 */
export function useLiveRefetch(refetch: () => void) {
  const updatedAt = ref<Date>();
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reopen: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const hint = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      updatedAt.value = new Date();
      refetch();
    }, DEBOUNCE_MS);
  };

  const open = () => {
    if (stopped || typeof EventSource === "undefined") return;
    source = new EventSource("/dashboard/api/live");
    source.addEventListener("case", hint);
    source.addEventListener("resync", hint);
    source.addEventListener("error", () => {
      // EventSource reconnects by itself after a dropped connection; a refused one it gives up on.
      if (source?.readyState !== EventSource.CLOSED) return;
      source = undefined;
      reopen = setTimeout(() => {
        open();
        hint();
      }, REOPEN_MS);
    });
  };

  onMounted(open);
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(reopen);
    source?.close();
  });
  return { updatedAt };
}
