import { onBeforeUnmount, onMounted, ref } from "vue";
import { onCaseChange, onResync } from "../inbox/live";

/** Many changes in a moment (a merge, a sweep) cost one refetch. */
const DEBOUNCE_MS = 700;

/**
 * Calls `refetch` when a case the cadre may see changes, on any instance: the workspace's one
 * stream of case changes (inbox/live.ts, opened at sign-in), and after a gap in it. The change only
 * says "read again": the page fetches what it shows itself. `updatedAt` is when the last refetch
 * was asked, for the page to say "updated 14:05".
 */
export function useLiveRefetch(refetch: () => void) {
  const updatedAt = ref<Date>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stops: (() => void)[] = [];

  const hint = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      updatedAt.value = new Date();
      refetch();
    }, DEBOUNCE_MS);
  };

  onMounted(() => stops.push(onCaseChange(hint), onResync(hint)));
  onBeforeUnmount(() => {
    clearTimeout(timer);
    for (const stop of stops.splice(0)) stop();
  });
  return { updatedAt };
}
