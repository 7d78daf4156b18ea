import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { FileList, UploadButton } from "../shared/files";
import { BriefView, Thread, Timeline } from "../shared/TicketParts";
import { neighbours, statusLabel } from "../shared/tickets";
import type { HistoryEntry, Ticket, TicketStatus } from "../shared/types";
import { Badge, ErrorNote, Spinner } from "../shared/ui";
import { useTicketWrite } from "../shared/useTicketWrite";
import { api } from "./context";
import { useUsers, userName } from "./users";

export function TicketDrawer({ id, onClose, onMove }: { id: string; onClose: () => void; onMove: (t: Ticket, to: TicketStatus) => void }) {
  const ticket = useQuery({ queryKey: ["ticket", id], queryFn: async () => (await api.get<{ ticket: Ticket }>(`/admin/tickets/${id}`)).ticket });
  const history = useQuery({ queryKey: ["history", id], queryFn: async () => (await api.get<{ history: HistoryEntry[] }>(`/admin/tickets/${id}/history`)).history });
  const users = useUsers();
  const write = useTicketWrite(id);
  const panel = useRef<HTMLElement>(null);
  // Focus moves into the drawer and back to where it was on close; Escape
  // closes it unless a dialog above it takes the key.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !document.querySelector("dialog[open]") && onClose();
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      before?.focus?.();
    };
  }, [onClose]);
  const t = ticket.data;
  const { back, next } = t ? neighbours(t.status) : {};
  const proofs = new Map(t?.proofs?.map((p) => [p.id, p]) ?? []);
  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} />
      <aside ref={panel} tabIndex={-1} className="drawer" role="dialog" aria-modal="true" aria-label={t ? `Ticket ${t.display_id}` : "Ticket"} data-testid="ticket-drawer">
        <div className="drawer-head spread">
          <div>
            <div className="card-id">{t?.display_id ?? "…"}</div>
            <h2 style={{ margin: 0 }}>{t ? `${t.product_title} · ${t.variant_title}` : "Ticket"}</h2>
          </div>
          <div className="row">
            {t && <Badge tone="violet">{statusLabel(t.status)}</Badge>}
            <button className="icon-btn" aria-label="Close" onClick={onClose}>×</button>
          </div>
        </div>
        {ticket.isPending ? (
          <Spinner />
        ) : ticket.isError && !ticket.data ? (
          <div className="drawer-body"><ErrorNote error={ticket.error} onRetry={() => ticket.refetch()} /></div>
        ) : t ? (
          <div className="drawer-body">
            <div className="row">
              <button className="btn btn-small" disabled={!back} onClick={() => back && onMove(t, back)}>← {back ? statusLabel(back) : "Back"}</button>
              <button className="btn btn-small btn-primary" disabled={!next} onClick={() => next && onMove(t, next)}>{next ? statusLabel(next) : "Delivered"} →</button>
              {t.actions_required.map((a) => <Badge key={a.code} tone="amber">{a.message}</Badge>)}
            </div>
            <section className="card">
              <dl className="kv">
                <dt>Order</dt>
                <dd><Link to={`/orders/${t.order_id}`}>#{t.order_display_id}</Link></dd>
                <dt>Customer</dt>
                <dd>
                  {t.customer_id ? <Link to={`/orders?customer_id=${t.customer_id}`} title="The customer's orders">{t.customer_email}</Link> : `${t.customer_email} (guest)`}
                </dd>
                <dt>Quantity</dt>
                <dd>{t.quantity.toLocaleString("en")}</dd>
                <dt><label htmlFor="assignee">Assignee</label></dt>
                <dd>
                  <select id="assignee" value={t.assignee_id ?? ""} onChange={(e) => {
                      const to = e.target.value || null; // read now: the mutation runs after React has reset the select
                      write.mutate(() => api.post(`/admin/tickets/${t.id}/assign`, { assignee_id: to }));
                    }}>
                    <option value="">Unassigned</option>
                    {users.data?.map((u) => <option key={u.id} value={u.id}>{userName(u)}</option>)}
                  </select>
                </dd>
              </dl>
            </section>
            <section className="card">
              <h3>Brief</h3>
              <BriefView brief={t.brief} />
            </section>
            <section className="card">
              <div className="spread" style={{ marginBottom: 8 }}>
                <h3 style={{ margin: 0 }}>Files and proofs</h3>
                <UploadButton label="Upload a proof" disabled={t.status !== "designing_artwork"} onFile={(f) => write.mutate(() => api.upload(`/admin/tickets/${t.id}/proofs`, f))} />
              </div>
              {t.status !== "designing_artwork" && <p className="hint">Proofs are attached while the artwork is being designed.</p>}
              <FileList
                api={api}
                files={t.attachments ?? []}
                extra={(f) => {
                  const p = proofs.get(f.id);
                  if (!p) return null;
                  return <Badge tone={p.status === "approved" ? "green" : p.status === "pending" ? "amber" : "red"}>{p.status === "pending" ? "Awaiting approval" : p.status === "approved" ? "Approved" : "Changes requested"}</Badge>;
                }}
              />
            </section>
            <section className="card">
              <h3>Conversation</h3>
              <Thread notes={t.notes ?? []} me="support" allowInternal onSend={(text, internal) => write.mutateAsync(() => api.post(`/admin/tickets/${t.id}/notes`, { text, internal }))} />
            </section>
            <section className="card">
              <h3>History</h3>
              {history.data ? <Timeline history={history.data} /> : <Spinner />}
            </section>
          </div>
        ) : null}
      </aside>
    </>
  );
}
