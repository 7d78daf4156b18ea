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
  // Lists read their writes: the order is there on the first read.
  const { orders } = await sdk.store.order.list();
  assert.deepEqual(orders.map((o) => o.id), [order.id]);
  // The address book.
  const { customer: withHome } = await sdk.store.customer.createAddress({
    address_name: "Home", first_name: "Grace", address_1: "1 Navy Way",
    city: "Arlington", country_code: "us", is_default_shipping: true,
  });
  assert.equal(withHome.addresses.length, 1);
  const home = withHome.addresses[0];
  const { addresses, count } = await sdk.store.customer.listAddress();
  assert.equal(count, 1);
  assert.equal(addresses[0].city, "Arlington");
  const { address } = await sdk.store.customer.retrieveAddress(home.id);
  assert.equal(address.is_default_shipping, true);
  await sdk.store.customer.updateAddress(home.id, { city: "Washington" });
  const { deleted } = await sdk.store.customer.deleteAddress(home.id);
  assert.equal(deleted, true);
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
  const { regions } = await admin.admin.region.list();
  assert.ok(regions.some((r) => r.id === demo.region_id));
  const { region } = await admin.admin.region.update(demo.region_id, {
    name: "Germany",
  });
  assert.equal(region.currency_code, "eur");
});

test("a wrong password is refused with Medusa's error", async () => {
  await assert.rejects(
    client().auth.login("user", "emailpass", {
      email: demo.admin_email, password: "wrong",
    }),
    (err) => err.status === 401 && /Invalid email or password/.test(err.message),
  );
});
