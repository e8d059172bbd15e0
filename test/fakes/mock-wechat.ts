import { FileBox, type FileBoxInterface } from "file-box";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import { types } from "wechaty";

export type MockContact = InstanceType<mock.Mocker["ContactMock"]>;
export type MockRoom = InstanceType<mock.Mocker["RoomMock"]>;

/** What the bot sent, as the puppet was asked to send it. */
export interface BotSend {
  to: string;
  text?: string;
  mentionIds: string[];
  file?: string;
}

/**
 * WeChat for tests: the real Wechaty runs on wechaty-puppet-mock; this drives the mock world
 * (the bot's account, residents, cadres, rooms) and records what the bot sends at the puppet,
 * where the mention ids are still visible (the mock drops them).
 */
export class MockWechat {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly sent: BotSend[] = [];
  readonly accepted: string[] = [];
  /** The bot's own account. */
  readonly me: MockContact;
  /** How often the bot started the puppet (an instance standing by never does). */
  starts = 0;

  constructor(botName = "民情通") {
    this.me = this.mocker.createContact({ id: "wxid_minqing_bot", name: botName });
    const sendText = this.puppet.messageSendText.bind(this.puppet);
    this.puppet.messageSendText = async (to: string, text: string, mentionIds?: string[]) => {
      this.sent.push({ to, text, mentionIds: mentionIds ?? [] });
      await sendText(to, text);
    };
    const sendFile = this.puppet.messageSendFile.bind(this.puppet);
    this.puppet.messageSendFile = async (to: string, file: FileBoxInterface) => {
      this.sent.push({ to, file: file.name, mentionIds: [] });
      await sendFile(to, file);
    };
    const puppet = this.puppet as unknown as { onStart(): Promise<void> };
    const onStart = puppet.onStart.bind(this.puppet);
    puppet.onStart = async () => {
      this.starts += 1;
      await onStart();
    };
    const accept = this.puppet.friendshipAccept.bind(this.puppet);
    this.puppet.friendshipAccept = async (id: string) => {
      this.accepted.push(id);
      await accept(id);
    };
  }

  /** Logs the bot's account in (call after the app started: the adapter waits for this event). */
  login(): void {
    this.mocker.login(this.me);
  }

  async logout(reason = "手机上退出了网页版"): Promise<void> {
    await this.puppet.logout(reason);
  }

  contact(id: string, name: string): MockContact {
    return this.mocker.createContact({ id, name });
  }

  /** Room ids end in @chatroom: the mock tells rooms from contacts by the @. */
  room(id: string, topic: string, members: MockContact[]): MockRoom {
    return this.mocker.createRoom({ id, topic, memberIdList: [this.me.id, ...members.map((m) => m.id)] });
  }

  /** A person writes to the bot, or in a room. */
  say(from: MockContact, text: string, to: MockContact | MockRoom = this.me): void {
    from.say(text).to(to);
  }

  /** A quote reply, as the puppets put it: 「author：quoted」, a line of dashes, the reply. */
  quote(from: MockContact, author: string, quoted: string, reply: string, to: MockRoom): void {
    from.say(`「${author}：${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`).to(to);
  }

  picture(from: MockContact, name = "photo.jpg"): void {
    from.say(FileBox.fromBase64(Buffer.from("not really a jpeg").toString("base64"), name)).to(this.me);
  }

  location(from: MockContact, latitude: number, longitude: number): void {
    const id = `loc-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.mocker.MessageMock.create({ id, talkerId: from.id, listenerId: this.me.id, timestamp: Date.now(), type: types.Message.Location, text: "" });
    const read = this.puppet.messageLocation.bind(this.puppet);
    this.puppet.messageLocation = async (messageId: string) =>
      messageId === id ? { accuracy: 15, address: "", name: "", latitude, longitude } : read(messageId);
    this.puppet.emit("message", { messageId: id });
  }

  /**
   * A text the bot cannot read: WeChat fails to load its sender this once, as a puppet sometimes
   * does (use a contact that has not written before: a loaded contact is cached). Returns the
   * message's id, to deliver it again with `redeliver`.
   */
  unreadable(from: MockContact, text = "你好"): string {
    const id = `unreadable-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.mocker.MessageMock.create({ id, talkerId: from.id, listenerId: this.me.id, timestamp: Date.now(), type: types.Message.Text, text });
    const read = this.puppet.contactRawPayload.bind(this.puppet);
    let failed = false;
    this.puppet.contactRawPayload = async (contactId: string) => {
      if (contactId === from.id && !failed) {
        failed = true;
        throw new Error("contact payload not available");
      }
      return read(contactId);
    };
    this.puppet.emit("message", { messageId: id });
    return id;
  }

  /** The puppet emits a message again (it may, after a reconnect). */
  redeliver(messageId: string): void {
    this.puppet.emit("message", { messageId });
  }

  /** Someone renames a room (any member can). */
  rename(room: MockRoom, topic: string, by: MockContact): void {
    room.topic(topic).by(by);
  }

  /** A friend request from `from` (the mock has no friendship store: its payload is answered here). */
  friendRequest(from: MockContact, hello = "你好"): void {
    const id = `friendship-${from.id}`;
    const read = this.puppet.friendshipRawPayload.bind(this.puppet);
    this.puppet.friendshipRawPayload = async (friendshipId: string) =>
      friendshipId === id ? { id, contactId: from.id, hello, type: types.Friendship.Receive, timestamp: Date.now() } : read(friendshipId);
    this.puppet.emit("friendship", { friendshipId: id });
  }

  /** What the bot said to one conversation (texts only), oldest first. */
  textsTo(conversationId: string): string[] {
    return this.sent.filter((s) => s.to === conversationId && s.text !== undefined).map((s) => s.text ?? "");
  }

  /** The first send (from index `since` of `sent` on) that matches. */
  async waitForSend(predicate: (send: BotSend) => boolean, since = 0, timeoutMs = 15_000): Promise<BotSend> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sent.slice(since).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`the bot sent nothing like that within ${timeoutMs} ms; it sent:\n${JSON.stringify(this.sent, null, 1)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The first text to a conversation (from index `since` of `sent` on) that contains `includes`. */
  async waitForText(to: string, includes: string, since = 0): Promise<string> {
    const send = await this.waitForSend((s) => s.to === to && (s.text ?? "").includes(includes), since);
    return send.text ?? "";
  }
}
