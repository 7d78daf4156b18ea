// One Live connection per app, its state for the indicator, and pushes
// folded into react-query's cache (so every page showing the thing updates).
import { useEffect, useState, useSyncExternalStore } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { Live, type LiveState, type Push } from "./live";
import { newer } from "./tickets";
import type { Ticket } from "./types";

export function createLive(opts: { token: () => string | null; publishableKey?: () => string | undefined; queries: QueryClient; onUnauthorized: () => void }) {
  let state: LiveState = "offline";
  const listeners = new Set<() => void>();
  const live = new Live({
    token: opts.token,
    publishableKey: opts.publishableKey,
    onState: (s) => {
      state = s;
      listeners.forEach((l) => l());
    },
    onResync: (topics) => reread(opts.queries, topics),
    onPush: (p) => applyPush(opts.queries, p),
    onUnauthorized: opts.onUnauthorized,
  });
  const subscribe = (l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };
  const snapshot = () => state;
  return { live, useState: () => useSyncExternalStore(subscribe, snapshot) };
}

// What a page read of `topics` over REST, read again.
function reread(q: QueryClient, topics: string[]): void {
  const keys = new Set<string>();
  for (const t of topics) {
    const [kind, id] = t.split(":");
    if (kind === "tickets") {
      if (id) ["ticket", "history"].forEach((k) => q.invalidateQueries({ queryKey: [k, id] }));
      else ["tickets", "ticket", "history"].forEach((k) => keys.add(k)); // every ticket the viewer has
    } else if (kind === "orders") {
      if (id) q.invalidateQueries({ queryKey: ["order", id] });
      else keys.add("orders");
    }
  }
  keys.forEach((k) => q.invalidateQueries({ queryKey: [k] }));
}

type TicketList = { tickets: Ticket[] };

/// Puts `t` into the cache: its own entry and every ticket list (the
/// board and the customer's list hold all of the viewer's tickets and
/// filter on the page, so a ticket belongs in each), when newer.
export function upsertTicket(q: QueryClient, t: Ticket, force = false): void {
  const merge = (old: Ticket) => (force ? { ...old, ...t } : newer(old, t));
  q.setQueryData<Ticket>(["ticket", t.id], (old) => (old ? merge(old) : undefined));
  q.setQueriesData<TicketList>({ queryKey: ["tickets"] }, (old) => {
    if (!old) return old;
    const i = old.tickets.findIndex((x) => x.id === t.id);
    if (i < 0) return { ...old, tickets: [t, ...old.tickets] };
    const tickets = old.tickets.slice();
    tickets[i] = merge(tickets[i]);
    return { ...old, tickets };
  });
}

/// A push as the cache sees it: the ticket or order replaces the cached
/// copy when newer; a voided ticket leaves every list.
export function applyPush(q: QueryClient, p: Push): void {
  if (p.type === "ticket.deleted") {
    const id = (p.data as { id: string }).id;
    q.removeQueries({ queryKey: ["ticket", id] });
    q.setQueriesData<TicketList>({ queryKey: ["tickets"] }, (old) => (old ? { ...old, tickets: old.tickets.filter((x) => x.id !== id) } : old));
  } else if (p.type.startsWith("ticket.")) {
    const t = p.data as Ticket;
    upsertTicket(q, t);
    q.invalidateQueries({ queryKey: ["history", t.id] });
    q.invalidateQueries({ queryKey: ["order", t.order_id] });
  } else {
    q.setQueryData(["order", p.data.id], (old: any) => (old ? { ...old, ...p.data } : undefined));
    q.invalidateQueries({ queryKey: ["orders"] });
  }
}

/// Follows `topics` while the component is mounted.
export function useTopics(live: Live, topics: string[]): void {
  const key = topics.join(",");
  useEffect(() => (key ? live.subscribe(key.split(",")) : undefined), [live, key]);
}

export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
