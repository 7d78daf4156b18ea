import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { FileList, UploadButton } from "../shared/files";
import { BriefView, Progress, Thread, Timeline } from "../shared/TicketParts";
import { actionLabel, statusLabel } from "../shared/tickets";
import type { HistoryEntry, Ticket } from "../shared/types";
import { Badge, ErrorNote, Field, Spinner } from "../shared/ui";
import { useTopics } from "../shared/useLive";
import { useTicketWrite } from "../shared/useTicketWrite";
import { api, live } from "./context";
import { BriefForm } from "./BriefForm";

export function TicketPage() {
  const { id = "" } = useParams();
  useTopics(live, [`tickets:${id}`]);
  const ticket = useQuery({ queryKey: ["ticket", id], queryFn: async () => (await api.get<{ ticket: Ticket }>(`/store/tickets/${id}`)).ticket });
  const history = useQuery({ queryKey: ["history", id], queryFn: async () => (await api.get<{ history: HistoryEntry[] }>(`/store/tickets/${id}/history`)).history });
  const write = useTicketWrite(id);
  const [comment, setComment] = useState("");
  if (ticket.isPending) return <main className="page"><Spinner /></main>;
  if (ticket.isError && !ticket.data) return <main className="page"><ErrorNote error={ticket.error} onRetry={() => ticket.refetch()} /></main>;
  const t = ticket.data;
  const briefOpen = t.status === "brief_received" || t.status === "designing_artwork";
  const latest = t.proofs?.[t.proofs.length - 1];
  const pending = latest?.status === "pending" ? latest : undefined;
  const proofFile = pending && t.attachments?.find((a) => a.id === pending.id);
  return (
    <main className="page stack">
      <Link to="/account" className="small">← My account</Link>
      <div className="spread">
        <div>
          <span className="card-id">{t.display_id} · Order #{t.order_display_id}</span>
          <h1 style={{ margin: 0 }}>{t.product_title} <span className="muted">· {t.variant_title} · × {t.quantity}</span></h1>
        </div>
        <Badge tone="violet">{statusLabel(t.status)}</Badge>
      </div>
      <section className="card">
        <Progress status={t.status} />
      </section>
      {t.actions_required.length > 0 && (
        <section className="actions-list" aria-label="Waiting on you">
          {t.actions_required.map((a) => <div key={a.code} className="action" data-testid="action" title={a.message}>{actionLabel(a)}</div>)}
        </section>
      )}
      {pending && (
        <section className="card stack" aria-label="Proof to approve">
          <h2>Your proof is ready</h2>
          {proofFile && <FileList api={api} files={[proofFile]} />}
          <Field label="Comment (needed when you ask for changes)">{(fid) => <textarea id={fid} value={comment} onChange={(e) => setComment(e.target.value)} />}</Field>
          <div className="row">
            <button className="btn btn-primary" onClick={() => write.mutate(() => api.post(`/store/tickets/${t.id}/proofs/${pending.id}/approve`, comment ? { comment } : {}))}>Approve the proof</button>
            <button className="btn" disabled={!comment.trim()} onClick={() => write.mutate(() => api.post(`/store/tickets/${t.id}/proofs/${pending.id}/request-changes`, { comment }))}>Request changes</button>
          </div>
        </section>
      )}
      <section className="card">
        <h2>Artwork brief</h2>
        {briefOpen ? (
          <BriefForm brief={t.brief} onSave={(patch) => write.mutateAsync(() => api.post(`/store/tickets/${t.id}/brief`, patch))} />
        ) : (
          <>
            <p className="hint">The brief is locked once production starts.</p>
            <BriefView brief={t.brief} />
          </>
        )}
      </section>
      <section className="card">
        <div className="spread" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>Files</h2>
          <UploadButton label="Add artwork" disabled={!briefOpen} onFile={(f) => write.mutate(() => api.upload(`/store/tickets/${t.id}/attachments`, f))} />
        </div>
        <FileList api={api} files={t.attachments ?? []} />
      </section>
      <section className="card">
        <h2>Messages</h2>
        <Thread notes={t.notes ?? []} me="customer" onSend={(text) => write.mutateAsync(() => api.post(`/store/tickets/${t.id}/notes`, { text }))} />
      </section>
      <section className="card">
        <h2>History</h2>
        {history.data ? <Timeline history={history.data} /> : <Spinner />}
      </section>
    </main>
  );
}
