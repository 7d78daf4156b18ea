import { QueryClient } from "@tanstack/react-query";
import { Client } from "../shared/api";
import { Session } from "../shared/session";
import { createLive } from "../shared/useLive";

export const session = new Session("souk.admin.token");
export const queries = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
});
export const api = new Client({ session, onUnauthorized: () => session.set(null) });
export const { live, useState: useLiveState } = createLive({
  token: () => session.get(),
  queries,
  onUnauthorized: () => session.set(null),
});
