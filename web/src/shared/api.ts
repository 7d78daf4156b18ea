// The REST client of both apps: souk's public API, nothing private.
import type { Session } from "./session";

/// An error answer in Medusa's envelope ({type, message}); `body` holds the
/// rest (a 409's current ticket).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  session: Session;
  /// The storefront's publishable key (store routes want it).
  publishableKey?: () => string | undefined;
  /// Called on a 401 for a signed-in call: the token is no longer good.
  onUnauthorized?: () => void;
}

export class Client {
  constructor(readonly opts: ClientOptions) {}

  async request<T>(method: string, path: string, body?: unknown, init?: { raw?: Blob; contentType?: string }): Promise<T> {
    const headers: Record<string, string> = {};
    const token = this.opts.session.get();
    if (token) headers.authorization = `Bearer ${token}`;
    const key = this.opts.publishableKey?.();
    if (key && (path.startsWith("/store") || path.startsWith("/auth/customer"))) headers["x-publishable-api-key"] = key;
    let payload: BodyInit | undefined;
    if (init?.raw) {
      payload = init.raw;
      headers["content-type"] = init.contentType || "application/octet-stream";
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: payload });
    } catch {
      throw new ApiError(0, "network_error", "The shop cannot be reached. Check your connection and try again.", null);
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      if (res.status === 401 && token) this.opts.onUnauthorized?.();
      const message = json?.message || `The request failed (${res.status}).`;
      throw new ApiError(res.status, json?.type || "unknown_error", message, json);
    }
    return json as T;
  }

  get<T>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T>(path: string, body?: unknown) {
    return this.request<T>("POST", path, body ?? {});
  }
  del<T>(path: string) {
    return this.request<T>("DELETE", path);
  }
  upload<T>(path: string, file: File) {
    const sep = path.includes("?") ? "&" : "?";
    return this.request<T>("POST", `${path}${sep}filename=${encodeURIComponent(file.name)}`, undefined, {
      raw: file,
      contentType: file.type,
    });
  }

  /// Signs in as `actor` ("user" | "customer"); the token goes to the session.
  async signIn(actor: "user" | "customer", email: string, password: string): Promise<void> {
    const { token } = await this.post<{ token: string }>(`/auth/${actor}/emailpass`, { email, password });
    this.opts.session.set(token);
    this.keepFresh();
  }

  keepFresh(): void {
    this.opts.session.keepFresh(async () => {
      const { token } = await this.post<{ token: string }>("/auth/token/refresh");
      return token;
    });
  }

  signOut(): void {
    this.opts.session.set(null);
  }
}

/// A message for a person from anything thrown.
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}
