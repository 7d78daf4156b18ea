// The Store API calls Medusa's storefront (dtc-starter) makes beyond the
// checkout, through @medusajs/js-sdk unchanged: collections, categories,
// product filters, variants, locales, payment providers, shipping prices,
// promotion codes, moving a cart to another region and handing a guest's
// cart to the customer who signs in. Run by run.sh with SOUK_URL and
// SOUK_DEMO.
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

test("the home page and footer: collections and the category tree", async () => {
  const sdk = client();
  const { collections } = await sdk.store.collection.list({
    fields: "*products", limit: "100", offset: "0",
  });
  assert.equal(collections[0].handle, "bestsellers");
  assert.equal(collections[0].products.length, 2);
  const { collection } = await sdk.store.collection.retrieve(
    demo.collection_id);
  assert.equal(collection.title, "Bestsellers");
  const { product_categories } = await sdk.store.category.list({
    fields: "*category_children, *products, *parent_category, "
      + "*parent_category.parent_category",
    limit: 100,
  });
  const boxes = product_categories.find((c) => c.handle === "boxes");
  assert.equal(boxes.category_children[0].handle, "pizza-boxes");
  const pizza = product_categories.find((c) => c.handle === "pizza-boxes");
  assert.equal(pizza.parent_category.handle, "boxes");
  assert.equal(pizza.products.length, 1);
  const { product_category } = await sdk.store.category.retrieve(
    demo.category_id, { include_descendants_tree: true });
  assert.equal(product_category.name, "Boxes");
  await assert.rejects(sdk.store.category.retrieve("pcat_nope"),
    (e) => e.status === 404
      && /Product category with id: pcat_nope was not found/.test(e.message));
});

test("the category and collection pages list their products", async () => {
  const sdk = client();
  const { regions } = await sdk.store.region.list();
  const region_id = regions[0].id;
  const inCategory = await sdk.store.product.list({
    category_id: [demo.category_id], region_id,
    fields: "*variants.calculated_price,+variants.inventory_quantity,"
      + "*variants.images,*variants.options,+metadata,+tags,",
  });
  assert.equal(inCategory.count, 1);
  assert.equal(inCategory.products[0].categories[0].id, demo.category_id);
  const inCollection = await sdk.store.product.list({
    collection_id: [demo.collection_id], limit: 100, order: "created_at",
  });
  assert.equal(inCollection.count, 2);
  assert.equal(inCollection.products[0].collection.handle, "bestsellers");
  const byHandle = await sdk.store.product.list({
    handle: inCollection.products[0].handle, region_id,
  });
  assert.equal(byHandle.products[0].id, inCollection.products[0].id);
  const handles = await sdk.store.product.list({ limit: 100, fields: "handle" });
  assert.deepEqual(Object.keys(handles.products[0]).sort(), ["handle", "id"]);
  const variantId = byHandle.products[0].variants[0].id;
  const { variant } = await sdk.client.fetch(
    `/store/product-variants/${variantId}`, { query: { region_id } });
  assert.ok(variant.calculated_price.calculated_amount > 0);
});

test("the checkout page: locales, providers, a shipping price, a code",
     async () => {
  const sdk = client();
  const { locales } = await sdk.store.locale.list();
  assert.equal(locales[0].code, "en-US");
  const { payment_providers } = await sdk.store.payment.listPaymentProviders({
    region_id: demo.region_id,
  });
  assert.deepEqual(payment_providers.map((p) => p.id), ["pp_system_default"]);
  let { cart } = await sdk.store.cart.create({
    region_id: demo.region_id, locale: "de-DE",
  });
  assert.equal(cart.locale, "de-DE");
  ({ cart } = await sdk.store.cart.createLineItem(cart.id, {
    variant_id: demo.products[1].variant_ids[0], quantity: 2,
  }));
  const { shipping_option } = await sdk.store.fulfillment.calculate(
    demo.shipping_option_id, { cart_id: cart.id });
  assert.equal(shipping_option.amount, 4.95);
  ({ cart } = await sdk.store.cart.update(cart.id, {
    promo_codes: ["WELCOME10"],
  }));
  assert.equal(cart.promotions[0].code, "WELCOME10");
  assert.equal(cart.promotions[0].application_method.type, "percentage");
  assert.equal(cart.discount_subtotal, 0.42);
  assert.ok(cart.items[0].total < cart.items[0].original_total);
  ({ cart } = await sdk.store.cart.removePromotions(cart.id, {
    promo_codes: ["WELCOME10"],
  }));
  assert.equal(cart.promotions.length, 0);
  await assert.rejects(
    sdk.store.cart.update(cart.id, { promo_codes: ["NOT-A-CODE"] }),
    (e) => e.status === 400
      && e.message === "The promotion code NOT-A-CODE is invalid");
  ({ cart } = await sdk.store.cart.addPromotions(cart.id, {
    promo_codes: ["welcome10"],
  }));
  ({ cart } = await sdk.store.cart.addShippingMethod(cart.id, {
    option_id: demo.shipping_option_id,
  }));
  await sdk.store.payment.initiatePaymentSession(cart, {
    provider_id: "pp_system_default",
  });
  const done = await sdk.store.cart.complete(cart.id);
  assert.equal(done.type, "order");
  assert.equal(done.order.discount_subtotal, 0.42);
  assert.equal(done.order.discount_total, cart.discount_total);
});

test("signing in takes the guest's cart along", async () => {
  const guest = client();
  const { cart } = await guest.store.cart.create({ region_id: demo.region_id });
  const sdk = client();
  const email = `transfer${Date.now()}@example.com`;
  await sdk.auth.register("customer", "emailpass", {
    email, password: "correct-horse",
  });
  await sdk.store.customer.create({ email, first_name: "Ada" });
  await sdk.auth.login("customer", "emailpass", {
    email, password: "correct-horse",
  });
  const { cart: mine } = await sdk.store.cart.transferCart(cart.id);
  const { customer } = await sdk.store.customer.retrieve();
  assert.equal(mine.customer_id, customer.id);
  assert.equal(mine.email, email);
  await assert.rejects(guest.store.cart.retrieve(cart.id),
    (e) => e.status === 404);
});
