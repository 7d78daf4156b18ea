// The web UI in a real browser (Debian's Chromium via playwright-core)
// against a real souk: the six flows of issue #14, each ending in a
// screenshot (SOUK_SCREENSHOTS, default web/test-results/screenshots).
import { after, before, test as nodeTest } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startSouk } from "./souk.mjs";

const here = new URL(".", import.meta.url).pathname;
const shots = resolve(process.env.SOUK_SCREENSHOTS ?? join(here, "../test-results/screenshots"));
mkdirSync(shots, { recursive: true });

let souk, browser, admin, adminB, customer;
const email = `grace${Date.now()}@example.com`;
const password = "correct-horse-battery";
const tickets = []; // display ids of the customer's two tickets

async function signInAdmin(context) {
  const page = await context.newPage();
  await page.goto(`${souk.url}/app/`);
  await page.getByLabel("E-mail").fill(souk.demo.admin_email);
  await page.getByLabel("Password").fill(souk.demo.admin_password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("board").waitFor();
  await page.locator('[data-testid=live-state][data-state=live]').waitFor();
  return page;
}

const card = (page, id) => page.getByTestId(`card-${id}`);

// A drag as a person makes it: press, move in steps (dnd-kit starts after
// 6 px), release over the column.
async function drag(page, id, status) {
  const from = await card(page, id).boundingBox();
  const to = await page.getByTestId(`column-${status}`).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 25, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 12 });
  await page.mouse.up();
}

// A small PNG proof (an amber lid on kraft), made here: the server checks
// a file's type by its first bytes, and the preview shows it.
function proofImage(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = [0];
    for (let x = 0; x < w; x++) {
      const lid = x > w * 0.2 && x < w * 0.8 && y > h * 0.25 && y < h * 0.75;
      row.push(...(lid ? [245, 158, 11] : [200, 170, 130]));
    }
    rows.push(Buffer.from(row));
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

// The tests are one story (each step builds on the ones before): after a
// failure the rest are skipped, saying so, and the failure leaves a
// screenshot of every open page (failed-<n>-<i>.png).
let failures = 0;
function test(name, fn) {
  return nodeTest(name, async (t) => {
    if (failures && !name.startsWith("no page")) return t.skip("an earlier step failed; this one builds on it");
    try {
      await fn(t);
    } catch (e) {
      failures++;
      console.log(`souk's last log lines:\n${souk.log().split("\n").slice(-25).join("\n")}`);
      const pages = [admin, adminB, customer].filter(Boolean).flatMap((c) => c.pages());
      await Promise.all(pages.map((p, i) => p.screenshot({ path: join(shots, `failed-${failures}-${i}.png`) }).catch(() => {})));
      throw e;
    }
  });
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

before(async () => {
  souk = await startSouk(process.env.SOUK_BIN, process.env.SOUK_WEB_DIR ?? resolve(here, "../dist"));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const viewport = { width: 1400, height: 900 };
  admin = await browser.newContext({ viewport });
  adminB = await browser.newContext({ viewport });
  customer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // A script error on any page fails the run (a blank page passes no check).
  for (const c of [admin, adminB, customer]) watch(c);
});

const pageErrors = [];
function watch(context) {
  context.on("page", (p) => p.on("pageerror", (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
}

after(async () => {
  await browser?.close();
  await souk?.stop();
});

let adminPage, customerPage;

test("1. a customer registers and buys two products; their account asks for two briefs", async () => {
  adminPage = await signInAdmin(admin); // open before the order: test 2 needs it live
  await adminPage.evaluate(() => (window.__sameDocument = true));
  assert.equal(await adminPage.getByTestId("count-brief_received").textContent(), "0");
  const page = (customerPage = await customer.newPage());
  await page.goto(`${souk.url}/register`);
  await page.getByLabel("First name").fill("Grace");
  await page.getByLabel("Last name").fill("Hopper");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Hello, Grace" }).waitFor();
  for (const i of [0, 1]) {
    await page.getByRole("link", { name: "Shop", exact: true }).click();
    await page.getByTestId("product-tile").nth(i).click();
    const variants = page.locator(".choice");
    await variants.nth((await variants.count()) - 1).click();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByTestId("cart-count").filter({ hasText: String(i + 1) }).waitFor();
  }
  await page.getByRole("link", { name: /^Cart/ }).click();
  await page.getByRole("link", { name: "Check out" }).click();
  await page.getByLabel("Street and number").fill("1 Harbour Road");
  await page.getByLabel("Postal code").fill("20457");
  await page.getByLabel("City").fill("Hamburg");
  await page.getByRole("button", { name: "Place order" }).click();
  const confirmed = page.getByTestId("order-confirmed");
  await confirmed.waitFor();
  const orderNo = (await confirmed.textContent()).match(/#(\d+)/)[1];
  await shot(page, "1a-order-confirmed");
  await page.getByRole("link", { name: "Go to my account" }).click();
  const mine = page.locator('[data-testid^="my-ticket-"]');
  await mine.nth(1).waitFor();
  assert.equal(await mine.count(), 2);
  for (const t of await mine.all()) {
    assert.match(await t.textContent(), /Submit your artwork brief/);
    tickets.push((await t.getAttribute("data-testid")).replace("my-ticket-", ""));
  }
  assert.deepEqual(tickets.map((t) => t.split("-")[0]), [orderNo, orderNo]);
  await shot(page, "1b-account-two-tickets");
});

test("2. the admin's open board shows both new cards without a reload", async () => {
  assert.equal(tickets.length, 2, "test 1 made two tickets");
  await adminPage.getByTestId("count-brief_received").filter({ hasText: /^2$/ }).waitFor();
  for (const id of tickets) {
    await card(adminPage, id).waitFor({ timeout: 10_000 });
    assert.equal(await card(adminPage, id).getAttribute("data-status"), "brief_received");
  }
  assert.equal(await adminPage.evaluate(() => window.__sameDocument), true, "no reload");
  await shot(adminPage, "2-board-new-cards");
});

test("3. a brief shows live in the admin's ticket; a drag shows live to the customer", async () => {
  const [first] = tickets;
  await card(adminPage, first).dblclick();
  const drawer = adminPage.getByTestId("ticket-drawer");
  await drawer.getByText("No brief yet.").waitFor();

  await customerPage.getByTestId(`my-ticket-${first}`).click();
  await customerPage.getByLabel("What should the print show?").fill("Our fish logo, centred on the lid, white on kraft.");
  await customerPage.getByLabel("Colours").fill("white, Pantone 300 C");
  await customerPage.getByRole("button", { name: "Submit the brief" }).click();

  await drawer.getByText("Our fish logo, centred on the lid").waitFor({ timeout: 10_000 });
  await drawer.getByText("white, Pantone 300 C").waitFor();
  await shot(adminPage, "3a-admin-sees-brief");
  await adminPage.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });

  await drag(adminPage, first, "designing_artwork");
  await customerPage.locator('[data-testid=progress][data-stage=designing_artwork]').waitFor({ timeout: 10_000 });
  assert.equal(await card(adminPage, first).getAttribute("data-status"), "designing_artwork");
  await shot(customerPage, "3b-customer-sees-stage");
});

test("4. an internal and a public note: the customer sees only the public one, live", async () => {
  const [first] = tickets;
  await card(adminPage, first).dblclick();
  const drawer = adminPage.getByTestId("ticket-drawer");
  await drawer.getByLabel("Internal note (the customer never sees it)").check();
  await drawer.getByLabel("Reply").fill("Internal: the customer's logo file is low-res, ask the studio.");
  await drawer.getByRole("button", { name: "Add internal note" }).click();
  await drawer.locator(".note.internal").waitFor();
  await drawer.getByLabel("Internal note (the customer never sees it)").uncheck();
  await drawer.getByLabel("Reply").fill("Thanks for the brief! A first proof follows tomorrow.");
  await drawer.getByRole("button", { name: "Send" }).click();

  await customerPage.getByText("A first proof follows tomorrow.").waitFor({ timeout: 10_000 });
  const thread = await customerPage.getByTestId("thread").textContent();
  assert.doesNotMatch(thread, /low-res/);
  assert.equal(await customerPage.getByTestId("note").count(), 1);
  await shot(adminPage, "4a-admin-notes");
  await shot(customerPage, "4b-customer-public-note-only");
  await adminPage.keyboard.press("Escape");
});

test("5. two admins move the same card at once: one wins, the other is told and the card snaps back", async () => {
  const [first] = tickets; // in Designing artwork
  const pageB = await signInAdmin(adminB);
  await card(pageB, first).waitFor();
  // B's move leaves first but reaches the server only after A's commits, and
  // B hears nothing of A's move until then: only the 409 can put B right.
  let releaseB;
  const held = new Promise((r) => (releaseB = r));
  await pageB.route("**/admin/tickets/*/status", async (route) => {
    await held;
    await route.continue();
  });
  const pushes = [];
  let holdPushes = true;
  let toB = () => {};
  await pageB.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => (holdPushes && JSON.parse(m).position !== undefined && JSON.parse(m).data ? pushes.push(m) : ws.send(m)));
    toB = (m) => ws.send(m);
  });
  await pageB.reload(); // the socket goes through the route from now on
  await card(pageB, first).waitFor();
  await pageB.locator("[data-testid=live-state][data-state=live]").waitFor();
  // B: on to Fulfilling (the card moves at once).
  const bAnswered = pageB.waitForResponse((r) => r.url().includes("/status"));
  await card(pageB, first).focus();
  await pageB.keyboard.press("]");
  await pageB.locator(`[data-testid=card-${first}][data-status=fulfilling]`).waitFor({ timeout: 2_000 }); // optimistic
  // A: back to Brief received, with the reason the dialog asks for.
  await card(adminPage, first).focus();
  await adminPage.keyboard.press("[");
  await adminPage.getByLabel("Reason").fill("The print size is missing from the brief.");
  const aWon = adminPage.waitForResponse((r) => r.url().includes("/status") && r.status() === 200);
  await adminPage.getByRole("button", { name: "Move back" }).click();
  await aWon;
  await adminPage.locator(`[data-testid=card-${first}][data-status=brief_received]`).waitFor();
  releaseB();
  assert.equal((await bAnswered).status(), 409);
  await pageB.getByRole("alert").filter({ hasText: "changed by someone else first" }).waitFor();
  await pageB.locator(`[data-testid=card-${first}][data-status=brief_received]`).waitFor({ timeout: 5_000 });
  assert.ok(pushes.length > 0, "A's move was held from B");
  await shot(pageB, "5-second-admin-told");
  holdPushes = false;
  pushes.splice(0).forEach((m) => toB(m));
  // One move back in the history (A's), and B's forward move is not there.
  const token = await adminPage.evaluate(() => sessionStorage.getItem("souk.admin.token"));
  const moves = await adminPage.evaluate(async ([id, token]) => {
    const h = { headers: { authorization: `Bearer ${token}` } };
    const list = await (await fetch(`/admin/tickets?q=${id}`, h)).json();
    const { history } = await (await fetch(`/admin/tickets/${list.tickets[0].id}/history`, h)).json();
    return history.filter((e) => e.type === "status_changed").map((e) => e.to);
  }, [first, token]);
  assert.deepEqual(moves, ["designing_artwork", "brief_received"]);
});

test("6. offline for a moment while the admin moves a card: back online, the customer sees the move", async () => {
  const [first] = tickets; // in Brief received
  await customerPage.locator("[data-testid=progress][data-stage=brief_received]").waitFor();
  // Every frame of the customer's socket, to see how it catches up.
  const frames = [];
  customerPage.on("websocket", (ws) => {
    ws.on("framesent", (f) => frames.push({ out: true, data: f.payload }));
    ws.on("framereceived", (f) => frames.push({ out: false, data: f.payload }));
  });
  await customer.setOffline(true);
  await customerPage.locator("[data-testid=live-state][data-state=offline]").waitFor();
  // Back online, only the socket may tell the page: REST reads of tickets fail.
  await customerPage.route("**/store/tickets/**", (r) => r.abort());
  const moved = adminPage.waitForResponse((r) => r.url().includes("/status") && r.status() === 200);
  await card(adminPage, first).focus();
  await adminPage.keyboard.press("]");
  await moved;
  await customerPage.waitForTimeout(500);
  assert.equal(await customerPage.locator("[data-testid=progress]").getAttribute("data-stage"), "brief_received", "nothing while offline");
  await customer.setOffline(false);
  await customerPage.locator("[data-testid=progress][data-stage=designing_artwork]").waitFor({ timeout: 15_000 });
  await customerPage.locator("[data-testid=live-state][data-state=live]").waitFor();
  const subscribe = frames.map((f) => f.out && JSON.parse(f.data)).find((m) => m && m.type === "subscribe");
  assert.ok(subscribe && Number.isInteger(subscribe.since), `re-subscribed with since: ${JSON.stringify(subscribe)}`);
  assert.ok(frames.some((f) => !f.out && JSON.parse(f.data).type === "ticket.updated"), "the move came as a push");
  await customerPage.unroute("**/store/tickets/**");
  await shot(customerPage, "6-customer-caught-up");
  await shot(adminPage, "6-admin-board");
});

test("a proof: support uploads it, the customer sees it and approves it, live", async () => {
  const [first] = tickets; // in Designing artwork after test 6
  await card(adminPage, first).dblclick();
  const drawer = adminPage.getByTestId("ticket-drawer");
  const png = proofImage(160, 100);
  await drawer.locator('input[type=file]').setInputFiles({ name: "proof-v1.png", mimeType: "image/png", buffer: png });
  await drawer.getByTestId("file-proof-v1.png").getByText("Awaiting approval").waitFor();
  await drawer.getByRole("img", { name: "Preview of proof-v1.png" }).waitFor();
  await customerPage.getByTestId("action").filter({ hasText: "Approve the proof" }).waitFor({ timeout: 10_000 });
  await customerPage.getByRole("img", { name: "Preview of proof-v1.png" }).first().waitFor();
  await shot(customerPage, "9a-customer-proof-to-approve");
  await customerPage.getByRole("button", { name: "Approve the proof" }).click();
  await drawer.getByTestId("file-proof-v1.png").getByText("Approved").waitFor({ timeout: 10_000 });
  await customerPage.getByText("Proof approved").waitFor(); // in the history
  await customerPage.getByRole("heading", { name: "Your proof is ready" }).waitFor({ state: "detached" });
  await shot(adminPage, "9b-admin-proof-approved");
  // The customer adds their artwork file; support assigns the ticket.
  await customerPage.locator("input[type=file]").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: proofImage(80, 80) });
  await drawer.getByTestId("file-logo.png").getByText("Artwork").waitFor({ timeout: 10_000 });
  await drawer.getByLabel("Assignee").selectOption({ label: souk.demo.admin_email });
  await card(adminPage, first).getByText(`${souk.demo.admin_email} ·`).waitFor({ timeout: 10_000 });
  await adminPage.keyboard.press("Escape");
});

test("the board refuses a jump over a column and filters by search", async () => {
  const [, second] = tickets;
  await adminPage.goto(`${souk.url}/app/`); // whatever the last test left open
  const before = await card(adminPage, second).getAttribute("data-status");
  await drag(adminPage, second, "delivered");
  await adminPage.getByRole("alert").filter({ hasText: `Ticket ${second} was not moved` }).waitFor();
  await adminPage.locator(`[data-testid=card-${second}][data-status=${before}]`).waitFor();
  await adminPage.getByLabel("Search").fill(second);
  await card(adminPage, tickets[0]).waitFor({ state: "detached" });
  assert.equal(await adminPage.locator(".ticket-card").count(), 1);
  await shot(adminPage, "10-board-search");
  await adminPage.getByLabel("Search").fill("");
});

test("the admin's orders, an order's tickets and lifecycle, and a product's price and stock", async () => {
  await adminPage.goto(`${souk.url}/app/`);
  await adminPage.getByRole("link", { name: "Orders", exact: true }).click();
  const orderNo = tickets[0].split("-")[0];
  await shot(adminPage, "8-admin-orders").catch(() => {});
  await adminPage.getByRole("link", { name: `#${orderNo}`, exact: true }).click();
  await adminPage.getByRole("heading", { name: `Order #${orderNo}` }).waitFor();
  for (const id of tickets) await adminPage.getByRole("link", { name: new RegExp(`^${id} ·`) }).waitFor();
  await adminPage.getByRole("button", { name: "Capture payment" }).click();
  await adminPage.getByText("Payment: Captured").waitFor();
  await shot(adminPage, "8a-admin-order");

  await adminPage.getByRole("link", { name: "Products", exact: true }).click();
  await adminPage.getByRole("link", { name: "New product" }).click();
  await adminPage.getByLabel("Title").fill("Custom Tissue Paper");
  await adminPage.getByLabel("Size 1").fill("50x70");
  await adminPage.getByLabel("Price (EUR)").fill("0.35");
  await adminPage.getByLabel("Stock").fill("5000");
  await adminPage.getByRole("button", { name: "Create product" }).click();
  await adminPage.getByRole("heading", { name: "Custom Tissue Paper" }).waitFor();
  await adminPage.getByLabel("Price of 50x70 in EUR").fill("0.30");
  await adminPage.getByLabel("Stock of 50x70").fill("4000");
  await adminPage.getByRole("button", { name: "Save", exact: true }).last().click();
  await adminPage.getByText("50x70 saved").waitFor();
  await shot(adminPage, "8b-admin-product");
  // The shop sells at the new price.
  await customerPage.goto(`${souk.url}/`);
  await customerPage.getByRole("link", { name: /Custom Tissue Paper/ }).getByText("from €0.30 / unit").waitFor();
});

test("the account page at a phone's width", async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  watch(phone);
  const page = await phone.newPage();
  await page.goto(`${souk.url}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator('[data-testid^="my-ticket-"]').nth(1).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(page, "7a-phone-account");
  await page.getByTestId(`my-ticket-${tickets[0]}`).click();
  await page.getByRole("heading", { name: "Artwork brief" }).waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);
  await shot(page, "7b-phone-ticket");
  await phone.close();
});

test("the admin and the customer sign out", async () => {
  await adminPage.getByRole("button", { name: "Sign out" }).click();
  await adminPage.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await adminPage.evaluate(() => sessionStorage.getItem("souk.admin.token")), null);
  await customerPage.getByRole("button", { name: "Sign out" }).click();
  await customerPage.getByRole("link", { name: "Sign in" }).waitFor();
  assert.equal(await customerPage.evaluate(() => sessionStorage.getItem("souk.store.token")), null);
  await customerPage.goto(`${souk.url}/account`);
  await customerPage.getByRole("heading", { name: "Sign in" }).waitFor(); // the account wants a sign-in
});

test("no page had a script error", () => {
  assert.deepEqual(pageErrors, []);
});
