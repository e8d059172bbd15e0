import { randomUUID } from "node:crypto";
import { BrowserClient } from "../support/browser-client";
import { backends } from "../support/databases";
import { onePixelPng } from "../support/png";
import { startTestApp, type TestApp } from "../support/test-app";

interface ChatMessage {
  id: string;
  chatId: string;
  text: string;
  photo?: { fileId: string; channel: string };
}

/**
 * A web resident's photo, shown with their case in the department's web group: the workspace's
 * 群聊 loads it by the message that carries it (GET /cadre/photo?chat=…&message=…), for whoever
 * may read that chat and nobody else.
 */
describe.each(backends)("a case's photo in the web group chat on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  }, 60_000);
  afterAll(() => t?.stop());

  test("the group's cadres see the resident's photo on the card's message; another department, a resident and a wrong message do not", async () => {
    const photo = onePixelPng();
    const resident = new BrowserClient(t.baseUrl);
    await resident.residentChat();
    const uploaded = await fetch(`${t.baseUrl}/chat/photos`, { method: "POST", headers: { ...resident.headers("POST"), "content-type": "image/png" }, body: new Uint8Array(photo) });
    expect(uploaded.status).toBe(201);
    const { photo: photoId } = (await uploaded.json()) as { photo: string };
    for (const fields of [{ text: "东街社区3号楼前的路灯坏了一个星期了" }, { photo: photoId }, { text: "确认" }]) {
      expect((await resident.post("/chat/messages", { clientMessageId: randomUUID(), ...fields })).status).toBe(202);
    }
    await t.settled();

    const wang = await cadre("wang");
    const feed = await wang.sse("/cadre/events?chat=g-chengguan");
    const { data: shown } = await feed.nextMessage<ChatMessage>((m) => m.photo?.fileId === photoId, 5000);
    feed.close();
    const url = `/cadre/photo?chat=g-chengguan&message=${shown.id}`;

    const seen = await fetch(t.baseUrl + url, { headers: wang.headers("GET") });
    expect(seen.status).toBe(200);
    expect(seen.headers.get("content-type")).toBe("image/png");
    expect(seen.headers.get("cache-control")).toContain("private");
    expect(Buffer.from(await seen.arrayBuffer()).equals(photo)).toBe(true);

    // 住建局's cadre may not read 城管's group, so not its photos either.
    const li = await cadre("li");
    expect((await li.get(url)).status).toBe(403);
    // A message of the chat without a photo, or one that does not exist: the same 404.
    const { data: textOnly } = await (await wang.sse("/cadre/events?chat=g-chengguan")).nextMessage<ChatMessage>((m) => m.photo === undefined);
    expect((await wang.get(`/cadre/photo?chat=g-chengguan&message=${textOnly.id}`)).status).toBe(404);
    expect((await wang.get("/cadre/photo?chat=g-chengguan&message=w999999")).status).toBe(404);
    // Not signed in (the resident's own cookie is no cadre session).
    expect((await resident.get(url)).status).toBe(401);
  });

  async function cadre(account: string): Promise<BrowserClient> {
    const browser = new BrowserClient(t.baseUrl);
    expect((await browser.post("/dashboard/api/login", { account, password: "demo" })).status).toBe(200);
    return browser;
  }
});
