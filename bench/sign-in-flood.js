#!/usr/bin/env node
// Does a flood of sign-ins with made-up account names slow everyone else down? Against a running
// service (npm start; the demo county's cadre wang/demo): 24 clients sign in with random names for
// 8 s while one page asset is fetched again and again; prints the asset's median and worst time
// idle and under the flood, and how the sign-ins were answered.
//   node bench/sign-in-flood.js http://127.0.0.1:3000
const base = process.argv[2] ?? "http://127.0.0.1:3000";
const json = { origin: base, "content-type": "application/json" };

const signIn = (account, password) =>
  fetch(`${base}/dashboard/api/login`, { method: "POST", headers: json, body: JSON.stringify({ account, password, bearer: true }) });

async function timedAsset() {
  const started = Date.now();
  await (await fetch(`${base}/workspace`)).text();
  return Date.now() - started;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const idle = [];
  for (let i = 0; i < 10; i++) idle.push(await timedAsset());
  let stop = false;
  const answers = {};
  const flood = Array.from({ length: 24 }, async () => {
    while (!stop) {
      const res = await signIn(`x${Math.random().toString(36).slice(2)}`, "guess");
      answers[res.status] = (answers[res.status] ?? 0) + 1;
      await res.text();
    }
  });
  const loaded = [];
  for (const until = Date.now() + 8000; Date.now() < until; ) loaded.push(await timedAsset());
  stop = true;
  await Promise.all(flood);
  console.log(JSON.stringify({ idleMedianMs: median(idle), floodedMedianMs: median(loaded), floodedWorstMs: Math.max(...loaded), assetFetches: loaded.length, signInAnswers: answers }));
})();
