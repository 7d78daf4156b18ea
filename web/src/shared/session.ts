// The signed-in user's bearer token. Held in memory, and mirrored in
// sessionStorage so a reload of the tab keeps you signed in (docs/web.md):
// per tab, gone when the tab closes, never in localStorage or a URL. The
// pages' CSP admits no inline or foreign script, which is what could read it.
// It is refreshed (POST /auth/token/refresh) well before it expires.

import { useSyncExternalStore } from "react";

type Listener = (token: string | null) => void;

export class Session {
  private token: string | null;
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly key: string) {
    this.token = sessionStorage.getItem(key);
    if (this.token && expiresInMs(this.token) <= 0) this.set(null);
  }

  get = (): string | null => this.token;

  set(token: string | null): void {
    this.token = token;
    if (token) sessionStorage.setItem(this.key, token);
    else sessionStorage.removeItem(this.key);
    clearTimeout(this.timer);
    for (const l of this.listeners) l(token);
  }

  /// Calls `refresh` when three quarters of the token's life have passed.
  keepFresh(refresh: () => Promise<string | null>): void {
    clearTimeout(this.timer);
    if (!this.token) return;
    const wait = Math.max(5_000, expiresInMs(this.token) * 0.75);
    this.timer = setTimeout(async () => {
      const next = await refresh().catch(() => null);
      if (next) {
        this.set(next);
        this.keepFresh(refresh);
      }
    }, Math.min(wait, 2 ** 31 - 1));
  }

  /// The token, as React state of the component that reads it.
  use(): string | null {
    return useSyncExternalStore(this.subscribe, this.get);
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}

// The JWT's claims, unverified (the server verifies); null when unreadable.
function claims(token: string): { exp?: number; actor_id?: string; auth_identity_id?: string } | null {
  try {
    return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return null;
  }
}

/// Milliseconds until the token's `exp`.
export function expiresInMs(token: string): number {
  const exp = claims(token)?.exp;
  return exp ? exp * 1000 - Date.now() : 0;
}

/// Whom the token is for (its actor, or its identity while signing up).
export function subjectOf(token: string | null): string | null {
  if (!token) return null;
  const c = claims(token);
  return c?.actor_id || c?.auth_identity_id || token;
}
