// The admin board with 1,000 tickets against the same board with 56
// (8 orders: a column that already scrolls), in one run: load time, cards
// in the DOM (the columns are virtualised), the intervals between frames
// while a column scrolls 120 px a frame (at most 240 frames), and a move's
// time to show. Real souk (Release), real Chromium; loopback only.
// Usage: node bench/web_board_bench.mjs build/release/http/souk [tickets]
import { loadavg } from "node:os";
import { resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const { chromium } = await import(resolve(root, "web/node_modules/playwright-core/index.mjs"));
const { startSouk } = await import(resolve(root, "web/tests/souk.mjs"));

const bin = resolve(process.argv[2] ?? "build/release/http/souk");
const target = Number(process.argv[3] ?? 1000);
const souk = await startSouk(bin, resolve(root, "web/dist"));
const { url, demo } = souk;
const key = { "x-publishable-api-key": demo.publishable_key, "content-type": "application/json" };

async function call(method, path, body, headers = key) {
  const res = await fetch(url + path, { method, headers, body: body && JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const variants = demo.products.flatMap((p) => p.variant_ids);
async function order() {
  const { cart } = await call("POST", "/store/carts", { region_id: demo.region_id, email: "bench@example.com" });
  for (const v of variants) await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: v, quantity: 1 });
  await call("POST", `/store/carts/${cart.id}`, { shipping_address: { first_name: "B", last_name: "Ench", address_1: "1 Loop", city: "Berlin", postal_code: "10115", country_code: "de" } });
  await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: demo.shipping_option_id });
  const { payment_collection } = await call("POST", "/store/payment-collections", { cart_id: cart.id });
  await call("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" });
  await call("POST", `/store/carts/${cart.id}/complete`);
}

const { token } = await call("POST", "/auth/user/emailpass", { email: demo.admin_email, password: demo.admin_password });
const admin = { authorization: `Bearer ${token}` };
async function ticketCount() {
  return (await call("GET", "/admin/tickets?limit=1", undefined, admin)).count;
}
async function seedTo(n) {
  let placed = Math.ceil((await ticketCount()) / variants.length);
  const orders = Math.ceil(n / variants.length);
  for (let batch = placed; batch < orders; batch += 8)
    await Promise.all(Array.from({ length: Math.min(8, orders - batch) }, order));
  const deadline = Date.now() + 120_000; // the tickets open in the background
  while ((await ticketCount()) < orders * variants.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return ticketCount();
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

let moved = 0; // each measure moves one ticket on
async function measure(label) {
  const n = await ticketCount();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript((t) => sessionStorage.setItem("souk.admin.token", t), token);
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${url}/app/`);
  await page.getByTestId("count-brief_received").filter({ hasText: new RegExp(`^${n - moved}$`) }).waitFor({ timeout: 60_000 });
  await page.locator(".ticket-card").first().waitFor();
  const loadMs = Date.now() - t0;
  const cards = await page.locator(".ticket-card").count();
  // Scroll the first column to its end, 120 px a frame, timing each frame.
  const frames = await page.evaluate(async () => {
    const body = document.querySelector("[data-testid=column-brief_received] .column-body");
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 240 && body.scrollTop + body.clientHeight < body.scrollHeight; i++) {
      body.scrollTop += 120;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times.sort((a, b) => a - b);
  });
  const pct = (p) => (frames.length ? frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] : 0);
  // A move: ] on the first card, timed in the page from the key to the card
  // showing in the next column (optimistic), and the POST's own duration.
  const first = page.locator("[data-testid=column-brief_received] .ticket-card").first();
  const id = (await first.getAttribute("data-testid")).replace("card-", "");
  const answered = page.waitForResponse((r) => r.url().includes("/status"));
  const shownMs = await page.evaluate(
    (id) =>
      new Promise((resolve) => {
        const card = () => document.querySelector(`[data-testid=card-${id}]`);
        const t0 = performance.now();
        const seen = new MutationObserver(() => {
          if (card()?.dataset.status === "designing_artwork") {
            seen.disconnect();
            resolve(performance.now() - t0);
          }
        });
        seen.observe(document.body, { subtree: true, childList: true, attributes: true });
        card().dispatchEvent(new KeyboardEvent("keydown", { key: "]", bubbles: true }));
      }),
    id,
  );
  await answered;
  const serverMs = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.includes("/status")).pop()?.duration ?? NaN);
  moved++;
  await context.close();
  return { label, n, loadMs, cards, frames: frames.length, p50: pct(0.5), p95: pct(0.95), max: pct(1), shownMs, serverMs };
}

const rows = [];
try {
  await seedTo(8 * variants.length);
  rows.push(await measure("baseline"));
  const seeded = await seedTo(target);
  rows.push(await measure(`${seeded} tickets`));
} finally {
  await browser.close();
  await souk.stop();
}

const [base, big] = rows;
const f = (x) => x.toFixed(1);
console.log(`## web board bench (${new Date().toISOString()}), load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}\n`);
console.log("| board | tickets | load ms | cards in DOM | scroll frames | frame p50 ms | p95 ms | max ms | move shown ms | its POST ms |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(`| ${r.label} | ${r.n} | ${r.loadMs} | ${r.cards} | ${r.frames} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.max)} | ${f(r.shownMs)} | ${f(r.serverMs)} |`);
console.log(`\nratios (big / baseline): ${f(big.n / base.n)}× the tickets; load ${f(big.loadMs / base.loadMs)}×, cards in the DOM ${f(big.cards / base.cards)}×, frame p95 ${f(big.p95 / base.p95)}×, move shown ${f(big.shownMs / base.shownMs)}×`);

