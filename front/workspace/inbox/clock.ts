import { onBeforeUnmount, ref, type Ref } from "vue";

/** The time now, moving every 30 seconds: enough for countdowns in minutes, cheap with forty cards. */
export function useNow(everyMs = 30_000): Ref<number> {
  const now = ref(Date.now());
  const timer = window.setInterval(() => (now.value = Date.now()), everyMs);
  onBeforeUnmount(() => window.clearInterval(timer));
  return now;
}
