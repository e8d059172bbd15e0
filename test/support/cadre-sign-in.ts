import { BrowserClient } from "./browser-client";

/**
 * A signer-in of cadres' browsers with the one sign-in (password "demo"), each browser from an
 * address of its own behind the trusted proxy, so the sign-in throttle, which counts per address,
 * never slows a test down. `baseUrl` is read at each sign-in: the app starts after this is made.
 */
export function cadreSignIns(baseUrl: () => string): (account: string) => Promise<BrowserClient> {
  let clients = 0;
  return async (account) => {
    const browser = new BrowserClient(baseUrl());
    const address = `198.51.100.${++clients}`;
    const request = browser.request.bind(browser);
    browser.request = (method, path, body, headers = {}) => request(method, path, body, { "x-forwarded-for": address, ...headers });
    expect((await browser.post("/dashboard/api/login", { account, password: "demo" })).status).toBe(200);
    return browser;
  };
}
