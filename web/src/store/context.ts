import { QueryClient } from "@tanstack/react-query";
import { Client } from "../shared/api";
import { Session, subjectOf } from "../shared/session";
import { createLive } from "../shared/useLive";

let publishableKey: string | undefined;

/// The storefront's publishable key comes from souk (GET /web/config): it
/// is made when the shop is seeded, after this bundle was built.
export async function loadConfig(): Promise<void> {
  const res = await fetch("/web/config");
  if (!res.ok) throw new Error("The shop is not set up yet (no publishable key).");
  publishableKey = ((await res.json()) as { publishable_key: string }).publishable_key;
}

export const session = new Session("souk.store.token");
export const queries = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
});
export const api = new Client({ session, publishableKey: () => publishableKey, onUnauthorized: () => session.set(null) });
export const { live, useState: useLiveState } = createLive({
  token: () => session.get(),
  publishableKey: () => publishableKey,
  queries,
  onUnauthorized: () => session.set(null),
});

// The cart id is kept across visits (localStorage): it is what the shopper
// put in the cart, not a credential for an account; a signed-in shopper's
// orders are theirs through the token, which is never stored there.
const CART = "souk.cart";
export const cartId = {
  get: () => localStorage.getItem(CART),
  set: (id: string | null) => (id ? localStorage.setItem(CART, id) : localStorage.removeItem(CART)),
};
// A new identity starts a new cart (a guest's cart would not become
// theirs) and forgets what the last one saw (the next person at this
// browser sees none of it); a refreshed token of the same customer keeps
// both.
let who = subjectOf(session.get());
session.subscribe((token) => {
  const next = subjectOf(token);
  if (next === who) return;
  who = next;
  cartId.set(null);
  queries.clear();
});
