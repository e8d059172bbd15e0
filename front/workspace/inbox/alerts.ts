import { ref } from "vue";

/**
 * How an urgent case reaches a cadre who is looking elsewhere: a short tone (WebAudio, no file),
 * a browser notification and a count in the tab's title. Browsers allow sound and the
 * notification permission only after a person's gesture, so both are prepared at the first click.
 */
const unseenUrgent = ref<Set<string>>(new Set());
let audio: AudioContext | undefined;
let baseTitle = document.title;

/** The urgent cases that came in and were not opened yet: the title's count. */
export const unseenUrgentCount = () => unseenUrgent.value.size;

export function setBaseTitle(title: string): void {
  baseTitle = title;
  renderTitle();
}

function renderTitle(): void {
  const n = unseenUrgent.value.size;
  document.title = n > 0 ? `(${n}) ${baseTitle}` : baseTitle;
}

/** At the first click anywhere: the audio context may start, and the notification permission may be asked. */
export function prepareOnFirstGesture(): void {
  const prepare = () => {
    window.removeEventListener("pointerdown", prepare, true);
    window.removeEventListener("keydown", prepare, true);
    if (typeof AudioContext !== "undefined") audio ??= new AudioContext();
    void audio?.resume().catch(() => undefined);
    if (typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission().catch(() => undefined);
  };
  window.addEventListener("pointerdown", prepare, true);
  window.addEventListener("keydown", prepare, true);
}

/** Two short beeps, loud enough to hear across an office, quiet enough not to startle. */
function tone(): void {
  if (!audio || audio.state !== "running") return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.22, 660]] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.2);
  }
}

/** An urgent case came in or changed: sound, notification (a click opens it), and one more in the title. */
export function raiseUrgent(number: string, title: string, body: string, open: () => void): void {
  if (!unseenUrgent.value.has(number)) {
    unseenUrgent.value = new Set([...unseenUrgent.value, number]);
    renderTitle();
  }
  tone();
  if (typeof Notification !== "undefined" && Notification.permission === "granted") {
    // One notification per case: a later change replaces it instead of piling up.
    const shown = new Notification(title, { body, tag: number });
    shown.onclick = () => {
      window.focus();
      open();
      shown.close();
    };
  }
}

/** The cadre opened the case: it no longer counts in the title. */
export function seen(number: string): void {
  if (!unseenUrgent.value.has(number)) return;
  const next = new Set(unseenUrgent.value);
  next.delete(number);
  unseenUrgent.value = next;
  renderTitle();
}

export function resetAlerts(): void {
  unseenUrgent.value = new Set();
  renderTitle();
}
