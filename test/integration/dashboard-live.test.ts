import { backends } from "../support/databases";
import { webMessage } from "../support/messages";
import { SseClient } from "../support/sse-client";
import { startTestApp, type TestApp } from "../support/test-app";

/**
 * GET /dashboard/api/live: the hint the dashboard's pages refetch on. A case filed or changed on
 * any instance reaches the open streams of the cadres who may see it, and no one else's.
 */
describe.each(backends)("the dashboard's live hints on the %s database", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  }, 60_000);
  afterAll(() => t?.stop());

  async function bearer(account: string): Promise<Record<string, string>> {
    const res = await fetch(`${t.baseUrl}/dashboard/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ account, password: "demo", bearer: true }) });
    const { token } = (await res.json()) as { token: string };
    return { authorization: `Bearer ${token}` };
  }
  async function file(text: string): Promise<string> {
    const resident = `r-live-${Math.random().toString(36).slice(2)}`;
    await t.app.inbound.handle(webMessage({ chatId: resident, text }));
    await t.app.inbound.handle(webMessage({ chatId: resident, button: "confirm" }));
    await t.settled();
    const [row] = (await t.app.database.dataSource.manager.query("SELECT number FROM cases WHERE chat_id = $1", [resident])) as { number: string }[];
    return row!.number;
  }
  const caseEvent = (number: string, state: string) => (e: { event: string; data: string }) => e.event === "case" && e.data === JSON.stringify({ number, state });

  test("without a session the stream is refused", async () => {
    const anonymous = await SseClient.open(`${t.baseUrl}/dashboard/api/live`);
    expect(anonymous.status).toBe(401);
  });

  test("a supervisor hears of every case, a handler only of their department's; a transfer reaches the new department", async () => {
    const zhaoHeaders = await bearer("zhao");
    const supervisor = await SseClient.open(`${t.baseUrl}/dashboard/api/live`, zhaoHeaders);
    const housing = await SseClient.open(`${t.baseUrl}/dashboard/api/live`, await bearer("li"));
    try {
      expect(supervisor.status).toBe(200);
      const streetlight = await file("东街社区的路灯坏了一个星期了");
      await supervisor.next(caseEvent(streetlight, "submitted"));

      const leak = await file("幸福小区的电梯坏了三天了，老人上不了楼");
      await supervisor.next(caseEvent(leak, "submitted"));
      // 住建局's first hint is its own case: 城管局's street light never reached it.
      expect((await housing.next((e) => e.event === "case")).data).toBe(JSON.stringify({ number: leak, state: "submitted" }));

      await t.app.inbound.handle(webMessage({ chatId: "g-chengguan", senderId: "wang", group: true, text: `/transfer ${streetlight} 住建局 是小区内的灯` }));
      await supervisor.next(caseEvent(streetlight, "submitted"));
      await housing.next(caseEvent(streetlight, "submitted"));

      // Signing out ends the session's stream.
      await fetch(`${t.baseUrl}/dashboard/api/logout`, { method: "POST", headers: zhaoHeaders });
      await supervisor.waitForEnd();
    } finally {
      supervisor.close();
      housing.close();
    }
  });
});
