// What the admin's and the customer's ticket pages both show.
import { useState, type FormEvent } from "react";
import { dateTime, humanize } from "./format";
import { STATUSES, stageIndex, statusLabel } from "./tickets";
import type { Brief, HistoryEntry, Note, Ticket } from "./types";

export function BriefView({ brief }: { brief?: Brief }) {
  if (!brief || (!brief.text && brief.colors.length === 0 && !brief.print_size && !brief.quantity_notes && brief.reference_urls.length === 0))
    return <p className="muted">No brief yet.</p>;
  return (
    <dl className="kv" data-testid="brief">
      <dt>Brief</dt>
      <dd className="note-text">{brief.text || "—"}</dd>
      <dt>Colours</dt>
      <dd>{brief.colors.join(", ") || "—"}</dd>
      <dt>Print size</dt>
      <dd>{brief.print_size || "—"}</dd>
      <dt>Quantity notes</dt>
      <dd>{brief.quantity_notes || "—"}</dd>
      <dt>References</dt>
      <dd>
        {brief.reference_urls.length === 0
          ? "—"
          : brief.reference_urls.map((u) => (
              <div key={u}>
                <a href={u} target="_blank" rel="noopener noreferrer nofollow">{u}</a>
              </div>
            ))}
      </dd>
    </dl>
  );
}

export function Progress({ status }: { status: Ticket["status"] }) {
  const at = stageIndex(status);
  return (
    <div aria-label={`Stage ${at + 1} of 4: ${statusLabel(status)}`} role="img" data-testid="progress" data-stage={status}>
      <div className="progress">
        {STATUSES.map((s, i) => <div key={s.id} className={`step${i <= at ? " done" : ""}`} />)}
      </div>
      <div className="progress-labels">
        {STATUSES.map((s, i) => <span key={s.id} className={i === at ? "current" : ""}>{s.label}</span>)}
      </div>
    </div>
  );
}

export function Thread({ notes, me, onSend, allowInternal }: { notes: Note[]; me: "customer" | "support"; onSend: (text: string, internal: boolean) => Promise<unknown>; allowInternal?: boolean }) {
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await onSend(text.trim(), internal);
      setText("");
    } catch {
      // the write's own message says why; the text stays to try again
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <div className="thread" data-testid="thread">
        {notes.length === 0 && <p className="muted">No messages yet.</p>}
        {notes.map((n) => (
          <div key={n.id} className={`note${n.internal ? " internal" : n.author_role === me ? " mine" : ""}`} data-testid="note">
            <div className="note-head">
              <strong>{n.author_role === "customer" ? "Customer" : n.author_role === "support" ? "Support" : "souk"}</strong>
              {n.internal && <span className="badge badge-amber">Internal</span>}
              <span>{dateTime(n.created_at)}</span>
            </div>
            <div className="note-text">{n.text}</div>
          </div>
        ))}
      </div>
      <form className="stack" onSubmit={submit}>
        <label className="sr-only" htmlFor="reply">Reply</label>
        <textarea id="reply" placeholder={internal ? "An internal note: only the team sees it" : "Write a reply"} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
        <div className="spread">
          {allowInternal ? (
            <label className="check">
              <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Internal note (the customer never sees it)
            </label>
          ) : (
            <span />
          )}
          <button className="btn btn-primary" disabled={busy || !text.trim()}>{internal ? "Add internal note" : "Send"}</button>
        </div>
      </form>
    </div>
  );
}

function describe(e: HistoryEntry): string {
  switch (e.type) {
    case "opened":
      return "Ticket opened from the order";
    case "brief_updated":
      return "Brief updated";
    case "note_added":
      return e.internal ? "Internal note" : "Note added";
    case "status_changed":
      return `Moved from ${statusLabel(e.from as Ticket["status"])} to ${statusLabel(e.to as Ticket["status"])}${e.reason ? ` — “${e.reason}”` : ""}`;
    case "attachment_added":
      return `Artwork added: ${(e.file as { filename: string }).filename}`;
    case "proof_attached":
      return `Proof attached: ${(e.file as { filename: string }).filename}`;
    case "proof_decided":
      return e.decision === "approved" ? "Proof approved" : `Changes requested${e.comment ? `: “${e.comment}”` : ""}`;
    case "assigned":
      return e.to ? "Assigned" : "Unassigned";
    default:
      return humanize(e.type);
  }
}

export function Timeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ol className="timeline" data-testid="history">
      {[...history].reverse().map((e) => (
        <li key={e.version}>
          <div>{describe(e)}</div>
          <div className="muted small">
            {e.actor_role === "support" ? "Support" : e.actor_role === "customer" ? "Customer" : "souk"} · {dateTime(e.created_at)}
          </div>
        </li>
      ))}
    </ol>
  );
}
