import { reactive, ref } from "vue";
import { ChatApi } from "./chat-api";
import type { ChatButton, ChatMessage, PostAnswer } from "./chat-types";
import { EventFeed, type FeedState } from "./event-feed";
import { Identity } from "./identity";
import { SendQueue, type Progress, type QueueItem } from "./send-queue";
import { uuid } from "./uuid";

/** One message as the page draws it: the server's, or one of ours still on its way. */
export interface Bubble {
  /** Stable for Vue's list: the server id, or the clientMessageId while it is ours and pending. */
  key: string;
  id: string;
  from: ChatMessage["from"];
  mine: boolean;
  text: string;
  at: string;
  buttons?: ChatButton[][];
  /** A button of it was pressed (or the resident replied to it): its buttons are done. */
  answered: boolean;
  alarm: boolean;
  /** Where its photo loads from: our own resized copy while sending, then /chat/photos/<id>. */
  photoUrl?: string;
  /** A photo sent on another channel: the web page cannot show it. */
  photoElsewhere: boolean;
  location?: { latitude: number; longitude: number };
  progress: { kind: Progress; error?: string } | null;
}

type Outgoing = { text: string } | { button: string; replyTo: string } | { photo: Blob } | { location: { latitude: number; longitude: number } };

interface Item extends QueueItem {
  bubble: Bubble;
  outgoing: Outgoing;
  pressedOn?: Bubble;
}

export type Notice = { kind: "limited"; seconds: number } | { kind: "photo"; problem: "notAPhoto" | "tooLarge" | "unreadable"; maxBytes?: number } | { kind: "location"; problem: "denied" | "unavailable" | "unsupported" };

/**
 * The resident's chat: the history and live messages from the event stream, what they send
 * (text, a pressed button, a photo, a place) in order with retries, and the notices about it.
 * Every behaviour of the old page is here: a retry keeps its clientMessageId, a reconnect resumes
 * after the last message seen, a 429 gives back what was typed, a lost cookie gets a new chat.
 */
export function useChat(language: () => string) {
  const api = new ChatApi(language);
  const identity = new Identity(api);
  const bubbles = reactive<Bubble[]>([]);
  const byId = new Map<string, Bubble>();
  const pending = new Map<string, Bubble>();
  const draft = ref("");
  const notice = ref<Notice | null>(null);
  const connection = ref<FeedState | null>(null);
  /** Set when the resident sent something: the feed scrolls to it whatever they were reading. */
  const scrollRequests = ref(0);
  const listeners: ((m: ChatMessage) => void)[] = [];
  let noticeTimer: number | undefined;
  let bannerTimer: number | undefined;

  // The id earlier versions invented and kept here is no longer used; it should not linger.
  try {
    window.localStorage.removeItem("minqing.residentId");
  } catch {
    // Storage refused (a private window): nothing lingers there either.
  }

  function bubbleOf(m: ChatMessage): Bubble {
    const web = m.photo?.channel === "web";
    return {
      key: m.id,
      id: m.id,
      from: m.from,
      mine: m.from.kind === "resident",
      text: m.text,
      at: m.at,
      ...(m.buttons ? { buttons: m.buttons } : {}),
      answered: false,
      alarm: m.alarm === true,
      ...(m.photo && web ? { photoUrl: `/chat/photos/${encodeURIComponent(m.photo.fileId)}` } : {}),
      photoElsewhere: m.photo !== undefined && !web,
      ...(m.location ? { location: m.location } : {}),
      progress: null,
    };
  }

  function show(m: ChatMessage): void {
    if (byId.has(m.id)) return;
    const mine = m.from.kind === "resident";
    const drawn = mine && m.clientMessageId ? pending.get(m.clientMessageId) : undefined;
    let bubble: Bubble;
    if (drawn) {
      drawn.id = m.id;
      drawn.at = m.at;
      bubble = drawn;
    } else {
      bubbles.push(bubbleOf(m));
      bubble = bubbles[bubbles.length - 1] as Bubble;
    }
    byId.set(m.id, bubble);
    // A reply to a message with buttons answered it; after a reload the buttons stay answered.
    if (mine && m.replyToMessageId) {
      const answered = byId.get(m.replyToMessageId);
      if (answered) answered.answered = true;
    }
    for (const listen of listeners) listen(m);
  }

  const queue = new SendQueue<Item>(giveBack);

  /** Too many messages from this network: nothing typed is lost, pressed buttons work again, a notice says when. */
  function giveBack(items: Item[], seconds: number): void {
    const typed: string[] = [];
    for (const item of items) {
      const at = bubbles.indexOf(item.bubble);
      if (at >= 0) bubbles.splice(at, 1);
      for (const [key, bubble] of pending) if (bubble === item.bubble) pending.delete(key);
      if ("text" in item.outgoing) typed.push(item.outgoing.text);
      if (item.pressedOn) item.pressedOn.answered = false;
    }
    if (typed.length > 0) draft.value = typed.join("\n") + (draft.value ? `\n${draft.value}` : "");
    showNotice({ kind: "limited", seconds }, seconds * 1000);
  }

  function showNotice(next: Notice, forMs: number): void {
    notice.value = next;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(() => {
      if (notice.value === next) notice.value = null;
    }, forMs);
  }

  async function post(body: Record<string, unknown>): Promise<PostAnswer> {
    const limited = await identity.ensure();
    if (limited) return limited;
    const answer = await api.post("/chat/messages", body);
    if (answer.status !== 401) return answer;
    // The cookie is gone (cleared, or expired): get a new chat and let the queue send again.
    identity.forget();
    return { status: 503, json: {} };
  }

  /** Uploads once (the server keeps one copy per chat and hash, so a retry is harmless), then posts the message. */
  async function postPhoto(item: Item & { photoId?: string }, photo: Blob, clientMessageId: string): Promise<PostAnswer> {
    if (item.photoId === undefined) {
      const limited = await identity.ensure();
      if (limited) return limited;
      const uploaded = await api.postPhoto(photo);
      if (uploaded.status === 401) {
        identity.forget();
        return { status: 503, json: {} };
      }
      if (uploaded.status === 413 || uploaded.status === 415) {
        const at = bubbles.indexOf(item.bubble);
        if (at >= 0) bubbles.splice(at, 1);
        showNotice({ kind: "photo", problem: uploaded.status === 413 ? "tooLarge" : "notAPhoto", ...(uploaded.json.maxBytes ? { maxBytes: uploaded.json.maxBytes } : {}) }, 15_000);
        return { status: 204, json: {} };
      }
      if (uploaded.status !== 201 || typeof uploaded.json.photo !== "string") return uploaded;
      item.photoId = uploaded.json.photo;
    }
    return post({ clientMessageId, photo: item.photoId });
  }

  function send(outgoing: Outgoing, shown: Partial<Bubble>, pressedOn?: Bubble): void {
    const clientMessageId = uuid();
    bubbles.push({
      key: `pending:${clientMessageId}`,
      id: "",
      from: { kind: "resident" },
      mine: true,
      text: "",
      at: new Date().toISOString(),
      answered: false,
      alarm: false,
      photoElsewhere: false,
      progress: null,
      ...shown,
    });
    const bubble = bubbles[bubbles.length - 1] as Bubble;
    pending.set(clientMessageId, bubble);
    scrollRequests.value += 1;
    const item: Item & { photoId?: string } = {
      bubble,
      outgoing,
      ...(pressedOn ? { pressedOn } : {}),
      // Kept in `pending` after "sent": the echo on the event stream may still be on its way.
      progress: (kind, error) => {
        bubble.progress = kind === "sent" ? null : error === undefined ? { kind } : { kind, error };
      },
      send: () => {
        if ("photo" in outgoing) return postPhoto(item, outgoing.photo, clientMessageId);
        return post({ clientMessageId, ...outgoing });
      },
    };
    queue.push(item);
  }

  function sendText(text: string, shownAs?: string): void {
    if (notice.value?.kind === "limited") notice.value = null;
    send({ text }, { text: shownAs ?? text });
  }

  function press(message: Bubble, button: ChatButton): void {
    message.answered = true;
    send({ button: button.data, replyTo: message.id }, { text: button.label }, message);
  }

  function sendPhoto(photo: Blob): void {
    send({ photo }, { photoUrl: URL.createObjectURL(photo) });
  }

  function sendLocation(location: { latitude: number; longitude: number }): void {
    send({ location }, { location });
  }

  const feed = new EventFeed({
    url: (after) => api.eventsUrl(after),
    message: show,
    state: (state) => {
      window.clearTimeout(bannerTimer);
      if (state === "online") {
        connection.value = null;
        return;
      }
      // A quick reconnect should not flash a warning.
      bannerTimer = window.setTimeout(() => (connection.value = state), 1500);
    },
    // Closed for good (e.g. 401: no cookie any more): make sure of the chat before reconnecting.
    closed: () => {
      identity.forget();
      return identity.ready();
    },
  });

  function start(): void {
    void identity.ready().then(() => feed.start());
  }

  return {
    api,
    bubbles,
    draft,
    notice,
    connection,
    scrollRequests,
    start,
    stop: () => feed.stop(),
    sendText,
    press,
    sendPhoto,
    sendLocation,
    showNotice,
    onMessage: (listen: (m: ChatMessage) => void) => listeners.push(listen),
  };
}

export type Chat = ReturnType<typeof useChat>;
