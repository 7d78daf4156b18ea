// @medusajs/js-sdk, unchanged, against souk: the storefront checkout, a
// customer's sign-up and orders, and the admin's lists. Run by run.sh with
// SOUK_URL and SOUK_DEMO (the demo.json the seed wrote).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Medusa from "@medusajs/js-sdk";

const baseUrl = process.env.SOUK_URL;
const demo = JSON.parse(readFileSync(process.env.SOUK_DEMO, "utf8"));
const client = () =>
  new Medusa({
    baseUrl,
    publishableKey: demo.publishable_key,
    auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
  });

async function checkout(sdk, email) {
  const { regions } = await sdk.store.region.list();
  assert.equal(regions[0].currency_code, "eur");
  const region_id = regions[0].id;
  const { products, count } = await sdk.store.product.list({ region_id });
  assert.ok(count >= 3);
  const variant = products[0].variants[0];
  assert.ok(variant.calculated_price.calculated_amount > 0);
  let { cart } = await sdk.store.cart.create({ region_id, email });
  ({ cart } = await sdk.store.cart.createLineItem(cart.id, {
    variant_id: variant.id,
    quantity: 2,
  }));
  assert.equal(cart.items[0].quantity, 2);
  const { shipping_options } = await sdk.store.fulfillment.listCartOptions({
    cart_id: cart.id,
  });
  ({ cart } = await sdk.store.cart.addShippingMethod(cart.id, {
    option_id: shipping_options[0].id,
  }));
  assert.ok(cart.total > cart.subtotal, "tax on top");
  const { payment_collection } = await sdk.store.payment.initiatePaymentSession(
    cart,
    { provider_id: "pp_system_default" },
  );
  assert.equal(payment_collection.payment_sessions[0].provider_id,
               "pp_system_default");
  const done = await sdk.store.cart.complete(cart.id);
  assert.equal(done.type, "order");
  assert.equal(done.order.email, email);
  return done.order;
}

test("a guest checks out with the storefront SDK", async () => {
  const order = await checkout(client(), "guest@example.com");
  assert.match(order.id, /^order_/);
  assert.ok(order.display_id >= 1);
});

test("a customer signs up, signs in, checks out and lists their orders",
     async () => {
  const sdk = client();
  const email = `sdk${Date.now()}@example.com`;
  await sdk.auth.register("customer", "emailpass", {
    email, password: "correct-horse",
  });
  const { customer } = await sdk.store.customer.create({
    email, first_name: "Grace", last_name: "Hopper",
  });
  assert.equal(customer.email, email);
  await sdk.auth.login("customer", "emailpass", {
    email, password: "correct-horse",
  });
  const { customer: me } = await sdk.store.customer.retrieve();
  assert.equal(me.id, customer.id);
  const order = await checkout(sdk, email);
  let orders = [];
  for (let i = 0; i < 100 && orders.length === 0; i++) {
    ({ orders } = await sdk.store.order.list());
    if (orders.length === 0) await new Promise((r) => setTimeout(r, 20));
  }
  assert.deepEqual(orders.map((o) => o.id), [order.id]);
});

test("the admin signs in and lists orders and products", async () => {
  const admin = new Medusa({
    baseUrl,
    auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
  });
  await admin.auth.login("user", "emailpass", {
    email: demo.admin_email, password: demo.admin_password,
  });
  const { products, count } = await admin.admin.product.list({ limit: 10 });
  assert.equal(products.length, count);
  const { orders } = await admin.admin.order.list();
  assert.ok(orders.length >= 2);
});

test("a wrong password is refused with Medusa's error", async () => {
  await assert.rejects(
    client().auth.login("user", "emailpass", {
      email: demo.admin_email, password: "wrong",
    }),
    (err) => err.status === 401 && /Invalid email or password/.test(err.message),
  );
});
