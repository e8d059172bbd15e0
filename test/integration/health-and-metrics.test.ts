import { FakeTelegramApi } from "../fakes/fake-telegram-api";
import { backends } from "../support/databases";
import { waitFor } from "../support/wait";
import { adminHeaders, startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/test-app";

/**
 * What the operators' endpoints tell whom: /healthz says ok or not ok to anyone and the detail
 * only with the admin token; /metrics answers only the token, and is not there at all without one.
 */
describe.each(backends)("/healthz and /metrics on the %s database", (backend) => {
  describe("with an admin token configured", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ backend, adminToken: TEST_ADMIN_TOKEN });
    }, 60_000);
    afterAll(() => t?.stop());

    test("/healthz: only ok to the public, the database and the channels with the token", async () => {
      const pub = await fetch(`${t.baseUrl}/healthz`);
      expect(pub.status).toBe(200);
      expect(await pub.json()).toEqual({ status: "ok" });
      const wrong = await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders("not-the-token") });
      expect(await wrong.json()).toEqual({ status: "ok" });
      const detail = await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders() });
      expect(await detail.json()).toEqual({ status: "ok", database: { kind: backend, up: true }, channels: { web: "up" } });
    });

    test("/metrics: 401 without the token, with a wrong one, or with it in the query string; 200 with it", async () => {
      for (const init of [{}, { headers: adminHeaders("x".repeat(TEST_ADMIN_TOKEN.length)) }, { headers: { authorization: TEST_ADMIN_TOKEN } }]) {
        const res = await fetch(`${t.baseUrl}/metrics`, init);
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toContain("Bearer");
        expect((await res.json()) as unknown).toEqual({ error: expect.stringContaining("Authorization: Bearer") });
      }
      expect((await fetch(`${t.baseUrl}/metrics?token=${TEST_ADMIN_TOKEN}`)).status).toBe(401);
      const res = await fetch(`${t.baseUrl}/metrics`, { headers: adminHeaders() });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      expect(await res.text()).toContain("# HELP minqing_cases Cases by state, counted at most every 60 s.");
    });
  });

  test("/healthz says degraded (still 200) while a channel needs a look: someone else polls the bot", async () => {
    const fake = await FakeTelegramApi.start();
    const conflict = fake.outage(["getUpdates"], () => ({ status: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" }));
    const t = await startTestApp({ backend, telegram: { apiUrl: fake.url, token: fake.token }, adminToken: TEST_ADMIN_TOKEN });
    try {
      await waitFor(() => t.app.adapters.get("telegram")?.state() === "conflict", { what: "the conflict" });
      const pub = await fetch(`${t.baseUrl}/healthz`);
      expect(pub.status).toBe(200);
      expect(await pub.json()).toEqual({ status: "degraded" });
      expect(await (await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders() })).json()).toMatchObject({ status: "degraded", channels: { web: "up", telegram: "conflict" } });
    } finally {
      conflict();
      await t.stop();
      await fake.close();
    }
  }, 60_000);

  describe("without an admin token", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ backend });
    }, 60_000);
    afterAll(() => t?.stop());

    test("/metrics is closed (404 whatever is sent) and /healthz gives no detail", async () => {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
      expect((await fetch(`${t.baseUrl}/metrics`, { headers: adminHeaders() })).status).toBe(404);
      expect((await fetch(`${t.baseUrl}/metrics`, { headers: adminHeaders("") })).status).toBe(404);
      expect(await (await fetch(`${t.baseUrl}/healthz`, { headers: adminHeaders() })).json()).toEqual({ status: "ok" });
    });
  });
});
