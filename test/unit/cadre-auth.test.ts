import { CadreAuth, SESSION_TTL_MS } from "../../src/auth/cadre-auth";
import { hashPassword, isPasswordHash, verifyPassword } from "../../src/auth/passwords";

describe("cadre passwords", () => {
  test("a hash from hash-password accepts its password and nothing else, and never contains it", async () => {
    const hash = await hashPassword("长城-Great-Wall-2026");
    expect(isPasswordHash(hash)).toBe(true);
    expect(hash).not.toContain("Great");
    expect(await verifyPassword(hash, "长城-Great-Wall-2026")).toBe(true);
    expect(await verifyPassword(hash, "长城-Great-Wall-2027")).toBe(false);
    // Two hashes of one password differ (salted), and both work.
    const again = await hashPassword("长城-Great-Wall-2026");
    expect(again).not.toBe(hash);
    expect(await verifyPassword(again, "长城-Great-Wall-2026")).toBe(true);
  });

  test("a plain password from a trial deployment still works; an unknown account never does", async () => {
    expect(await verifyPassword("demo", "demo")).toBe(true);
    expect(await verifyPassword("demo", "Demo")).toBe(false);
    expect(await verifyPassword(undefined, "demo")).toBe(false);
  });
});

describe("the shared cadre sign-in", () => {
  const accounts = [
    { account: "wang", cadreId: "wang", password: "right-horse" },
    { account: "zhao", cadreId: "zhao" },
  ];

  test("signs in with the right password and keeps the session for 12 hours", async () => {
    let now = 1_000_000;
    const auth = new CadreAuth(accounts, { now: () => now });
    const result = await auth.signIn("wang", "right-horse");
    if (!result.ok) throw new Error("expected to sign in");
    expect(auth.session(result.token)?.cadreId).toBe("wang");
    now += SESSION_TTL_MS - 1;
    expect(auth.session(result.token)).toBeDefined();
    now += 1;
    expect(auth.session(result.token)).toBeUndefined();
  });

  test("a cadre without a password cannot sign in with one, but a link from the bot signs them in", async () => {
    const auth = new CadreAuth(accounts);
    expect(await auth.signIn("zhao", "")).toEqual({ ok: false, reason: "wrong" });
    const started = auth.startSessionFor("zhao");
    expect(started && auth.session(started.token)?.cadreId).toBe("zhao");
    expect(auth.startSessionFor("nobody")).toBeUndefined();
  });

  test("after 10 wrong passwords an account waits, and signing out ends the session", async () => {
    const auth = new CadreAuth(accounts);
    for (let i = 0; i < 10; i++) expect((await auth.signIn("wang", `guess-${i}`)).ok).toBe(false);
    expect(await auth.signIn("wang", "right-horse")).toMatchObject({ ok: false, reason: "throttled" });
    const other = new CadreAuth(accounts);
    const result = await other.signIn("wang", "right-horse");
    if (!result.ok) throw new Error("expected to sign in");
    other.signOut(result.token);
    expect(other.session(result.token)).toBeUndefined();
  });
});
