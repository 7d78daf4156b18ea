// The live-update client (docs/live.md): one WebSocket per app, signed in
// by its first frame (no token in the URL), topics re-subscribed with
// `since` after every reconnect, so a drop costs latency, never a change.
export type LiveState = "connecting" | "live" | "offline";

export interface Push {
  type: "ticket.created" | "ticket.updated" | "ticket.deleted" | "order.placed" | "order.updated";
  topic: string;
  position: number;
  data: any;
}

export interface LiveOptions {
  token: () => string | null;
  publishableKey?: () => string | undefined;
  onPush: (p: Push) => void;
  /// The server could not replay what was missed, or a topic was followed
  /// from now (no `since`), after the page had read it: reload over REST.
  onResync: (topics: string[]) => void;
  onState: (s: LiveState) => void;
  /// The token was refused or expired (close 4401): sign in again.
  onUnauthorized: () => void;
}

export class Live {
  private ws: WebSocket | null = null;
  /// Topic → how many mounted pages follow it.
  private topics = new Map<string, number>();
  private position: number | null = null;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private ready = false;
  /// The token this socket signed in with (the session refreshes its own).
  private token: string | null = null;
  /// Topics asked for without `since`, not yet confirmed.
  private fresh = new Set<string>();
  state: LiveState = "connecting";

  constructor(private readonly opts: LiveOptions) {
    // The browser knows before the socket does: show it and stop waiting.
    window.addEventListener("offline", () => this.drop());
    window.addEventListener("online", () => this.reconnectNow());
  }

  private drop(): void {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    this.ready = false;
    ws.onclose = null;
    ws.close();
    if (!this.stopped) this.setState("offline");
  }

  start(): void {
    this.stopped = false;
    if (!this.ws) this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close(1000, "signed out");
    this.ws = null;
    this.position = null;
    this.setState("offline");
  }

  subscribe(topics: string[]): () => void {
    const fresh = topics.filter((t) => !this.topics.has(t));
    topics.forEach((t) => this.topics.set(t, (this.topics.get(t) ?? 0) + 1));
    if (fresh.length && this.ready) this.subscribeNow(fresh, undefined);
    return () => {
      const gone = topics.filter((t) => {
        const n = (this.topics.get(t) ?? 1) - 1;
        if (n > 0) this.topics.set(t, n);
        else this.topics.delete(t);
        return n <= 0;
      });
      if (gone.length && this.ready) this.send({ type: "unsubscribe", topics: gone });
    };
  }

  private connect(): void {
    const token = this.opts.token();
    if (!token || this.stopped) return;
    this.setState("connecting");
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    this.token = token;
    this.ready = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "auth", token, publishable_key: this.opts.publishableKey?.() }));
    };
    ws.onmessage = (ev) => {
      let msg: any;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === "ready") {
        this.ready = true;
        this.retry = 0;
        this.setState("live");
        this.fresh.clear();
        if (this.topics.size) this.subscribeNow([...this.topics.keys()], this.position ?? undefined);
      } else if (msg.type === "subscribed") {
        if (this.position === null) this.position = msg.position;
        // Followed from now: what committed between the page's read and
        // this moment came by neither, so read again.
        const fresh = ((msg.topics ?? []) as string[]).filter((t) => this.fresh.delete(t));
        if (fresh.length) this.opts.onResync(fresh);
      } else if (msg.type === "resync") {
        this.position = null;
        this.opts.onResync([...this.topics.keys()]);
      } else if (typeof msg.position === "number" && msg.data) {
        this.position = Math.max(this.position ?? 0, msg.position);
        this.opts.onPush(msg as Push);
      }
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      if (this.stopped) return;
      // The socket's token expired or was refused: with a fresher one in the
      // session, sign in again; with none, the session is over.
      if (ev.code === 4401 && this.opts.token() === this.token) return this.opts.onUnauthorized();
      this.setState("offline");
      const wait = Math.min(5000, 300 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), wait);
    };
  }

  private subscribeNow(topics: string[], since: number | undefined): void {
    if (since === undefined) topics.forEach((t) => this.fresh.add(t));
    this.send({ type: "subscribe", topics, since });
  }

  private reconnectNow(): void {
    if (this.stopped || this.ws) return;
    clearTimeout(this.timer);
    this.retry = 0;
    this.connect();
  }

  private send(msg: unknown): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private setState(s: LiveState): void {
    this.state = s;
    this.opts.onState(s);
  }
}
