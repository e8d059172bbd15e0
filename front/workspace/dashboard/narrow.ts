import { onBeforeUnmount, ref } from "vue";

/** The width below which lists read as cards and the filters fold away (a phone, 390 px). */
export const NARROW_QUERY = "(max-width: 720px)";

/** Whether the window is phone-narrow now, following rotation and resizing. */
export function useNarrow() {
  const media = window.matchMedia(NARROW_QUERY);
  const narrow = ref(media.matches);
  const changed = (e: MediaQueryListEvent) => (narrow.value = e.matches);
  media.addEventListener("change", changed);
  onBeforeUnmount(() => media.removeEventListener("change", changed));
  return narrow;
}
