import { forwardRef, memo, useCallback, useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { DndContext, DragOverlay, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { age } from "../shared/format";
import { STATUSES, has, neighbours, stageIndex, statusLabel } from "../shared/tickets";
import type { Ticket, TicketStatus } from "../shared/types";
import { Badge, Dialog, ErrorNote, Field, Spinner } from "../shared/ui";
import { useNow, useTopics } from "../shared/useLive";
import { api, live } from "./context";
import { TicketDrawer } from "./TicketDrawer";
import { useMoveTicket } from "./useMoveTicket";
import { useUsers, userName } from "./users";

// Every open ticket, one read per column (the list is a read model), and
// the newest delivered ones; filters apply here, so a pushed change lands
// in the right place.
const OPEN_LIMIT = 5000;
const DELIVERED_LIMIT = 200;

interface BoardData {
  tickets: Ticket[];
  /// Per status, how many the server had past what was read (the older
  /// delivered ones): the count shows them, the column does not.
  hidden: Record<string, number>;
}

async function readBoard(): Promise<BoardData> {
  const parts = await Promise.all(
    STATUSES.map((s) => api.get<{ tickets: Ticket[]; count: number }>(`/admin/tickets?status=${s.id}&limit=${s.id === "delivered" ? DELIVERED_LIMIT : OPEN_LIMIT}`)),
  );
  return { tickets: parts.flatMap((p) => p.tickets), hidden: Object.fromEntries(STATUSES.map((s, i) => [s.id, parts[i].count - parts[i].tickets.length])) };
}

interface Filters {
  q: string;
  assignee: string; // "" all, "none" unassigned, else a user id
  customer: string;
  order: string;
  waiting: boolean;
}

function matches(t: Ticket, f: Filters): boolean {
  if (f.assignee === "none" ? t.assignee_id : f.assignee && t.assignee_id !== f.assignee) return false;
  if (f.customer && !t.customer_email.toLowerCase().includes(f.customer.toLowerCase())) return false;
  if (f.order && String(t.order_display_id) !== f.order.replace(/^#/, "").trim()) return false;
  if (f.waiting && !has(t, "waiting_on_support")) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const text = `${t.display_id} ${t.product_title} ${t.variant_title} ${t.customer_email}`.toLowerCase();
    if (!text.includes(q)) return false;
  }
  return true;
}

export function Board() {
  const { id: openId } = useParams();
  const navigate = useNavigate();
  useTopics(live, ["tickets"]);
  const board = useQuery({ queryKey: ["tickets", "board"], queryFn: readBoard });
  const users = useUsers();
  const [filters, setFilters] = useState<Filters>({ q: "", assignee: "", customer: "", order: "", waiting: false });
  const [dragging, setDragging] = useState<Ticket | null>(null);
  const [asking, setAsking] = useState<{ ticket: Ticket; to: TicketStatus } | null>(null);
  const move = useMoveTicket();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const filtered = filters.q || filters.assignee || filters.customer || filters.order || filters.waiting;

  const columns = useMemo(() => {
    const out = new Map<TicketStatus, Ticket[]>(STATUSES.map((s) => [s.id, []]));
    for (const t of board.data?.tickets ?? []) if (matches(t, filters)) out.get(t.status)?.push(t);
    for (const list of out.values()) list.sort((a, b) => a.status_changed_at.localeCompare(b.status_changed_at));
    return out;
  }, [board.data, filters]);

  const request = useCallback(
    (ticket: Ticket, to: TicketStatus) => {
      if (to === ticket.status) return;
      if (stageIndex(to) < stageIndex(ticket.status)) setAsking({ ticket, to });
      else move({ ticket, to });
    },
    [move],
  );
  const open = useCallback((t: Ticket) => navigate(`/tickets/${t.id}`), [navigate]);

  function onDragStart(e: DragStartEvent) {
    setDragging((e.active.data.current as { ticket: Ticket }).ticket);
  }
  function onDragEnd(e: DragEndEvent) {
    setDragging(null);
    const ticket = (e.active.data.current as { ticket: Ticket }).ticket;
    if (e.over) request(ticket, e.over.id as TicketStatus);
  }

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <main className="page-wide">
      <div className="spread">
        <h1>Tickets</h1>
        <span className="muted small">Drag a card, or focus it and press ] to move it on, [ to move it back, Enter to open.</span>
      </div>
      <div className="board-tools" role="search">
        <Field label="Search">{(id) => <input id={id} type="search" placeholder="Ticket, product, e-mail" value={filters.q} onChange={(e) => set({ q: e.target.value })} />}</Field>
        <Field label="Assignee">
          {(id) => (
            <select id={id} value={filters.assignee} onChange={(e) => set({ assignee: e.target.value })}>
              <option value="">Everyone</option>
              <option value="none">Unassigned</option>
              {users.data?.map((u) => <option key={u.id} value={u.id}>{userName(u)}</option>)}
            </select>
          )}
        </Field>
        <Field label="Customer">{(id) => <input id={id} placeholder="E-mail" value={filters.customer} onChange={(e) => set({ customer: e.target.value })} />}</Field>
        <Field label="Order">{(id) => <input id={id} inputMode="numeric" placeholder="#1042" value={filters.order} onChange={(e) => set({ order: e.target.value })} />}</Field>
        <label className="check" style={{ height: 34 }}>
          <input type="checkbox" checked={filters.waiting} onChange={(e) => set({ waiting: e.target.checked })} /> Waiting on us
        </label>
      </div>
      {board.isPending ? (
        <Spinner label="Loading the board" />
      ) : board.isError && !board.data ? (
        <ErrorNote error={board.error} onRetry={() => board.refetch()} />
      ) : (
        <DndContext
          sensors={sensors}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
          accessibility={{ screenReaderInstructions: { draggable: "To move this ticket, press ] for the next stage or [ for the previous one. Enter opens it." } }}
        >
          <div className="board" data-testid="board">
            {STATUSES.map((s) => (
              <Column key={s.id} status={s.id} label={s.label} tickets={columns.get(s.id)!} more={filtered ? 0 : (board.data.hidden?.[s.id] ?? 0)} onMove={request} onOpen={open} />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>{dragging && <CardBody ticket={dragging} className="overlay" />}</DragOverlay>
        </DndContext>
      )}
      <ReasonDialog asking={asking} onClose={() => setAsking(null)} onMove={(ticket, to, reason) => move({ ticket, to, reason })} />
      {openId && <TicketDrawer id={openId} onClose={() => navigate("/")} onMove={request} />}
    </main>
  );
}

function ReasonDialog({ asking, onClose, onMove }: { asking: { ticket: Ticket; to: TicketStatus } | null; onClose: () => void; onMove: (t: Ticket, to: TicketStatus, reason: string) => void }) {
  const [reason, setReason] = useState("");
  return (
    <Dialog title={asking ? `Move ${asking.ticket.display_id} back to ${statusLabel(asking.to)}` : ""} open={!!asking} onClose={() => { setReason(""); onClose(); }}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (!asking || !reason.trim()) return;
          onMove(asking.ticket, asking.to, reason.trim());
          setReason("");
          onClose();
        }}
      >
        <p className="muted">A move back tells the customer why. It is kept in the ticket's history.</p>
        <Field label="Reason">{(id) => <textarea id={id} required maxLength={1000} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <button type="button" className="btn" onClick={() => { setReason(""); onClose(); }}>Cancel</button>
          <button className="btn btn-primary" disabled={!reason.trim()}>Move back</button>
        </div>
      </form>
    </Dialog>
  );
}

function Column({ status, label, tickets, more, onMove, onOpen }: { status: TicketStatus; label: string; tickets: Ticket[]; more: number; onMove: (t: Ticket, to: TicketStatus) => void; onOpen: (t: Ticket) => void }) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: tickets.length, getScrollElement: () => scroller.current, estimateSize: () => 124, overscan: 8, getItemKey: (i) => tickets[i].id });
  const now = useNow();
  const count = tickets.length + more;
  return (
    <section ref={setNodeRef} className={`column${isOver ? " over" : ""}`} aria-label={`${label}, ${count} tickets`} data-testid={`column-${status}`}>
      <div className="column-head">
        <span>{label}</span>
        <span className="column-count" data-testid={`count-${status}`}>{count}</span>
      </div>
      <div className="column-body" ref={scroller}>
        {tickets.length === 0 ? (
          <div className="state small">No tickets</div>
        ) : (
          <div style={{ height: rows.getTotalSize(), position: "relative" }}>
            {rows.getVirtualItems().map((row) => (
              <div key={row.key} data-index={row.index} ref={rows.measureElement} style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)`, paddingBottom: 8 }}>
                <Card ticket={tickets[row.index]} now={now} onMove={onMove} onOpen={onOpen} />
              </div>
            ))}
          </div>
        )}
        {more > 0 && <div className="state small">The newest {tickets.length} shown; {more} older ones are on their orders.</div>}
      </div>
    </section>
  );
}

const Card = memo(function Card({ ticket, now, onMove, onOpen }: { ticket: Ticket; now: number; onMove: (t: Ticket, to: TicketStatus) => void; onOpen: (t: Ticket) => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: ticket.id, data: { ticket } });
  const [menu, setMenu] = useState(false);
  const { back, next } = neighbours(ticket.status);
  function onKeyDown(e: KeyboardEvent) {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter") onOpen(ticket);
    else if ((e.key === "]" || (e.shiftKey && e.key === "ArrowRight")) && next) onMove(ticket, next);
    else if ((e.key === "[" || (e.shiftKey && e.key === "ArrowLeft")) && back) onMove(ticket, back);
    else return;
    e.preventDefault();
  }
  return (
    <CardBody
      ticket={ticket}
      now={now}
      ref={setNodeRef}
      className={isDragging ? "dragging" : ""}
      extra={{ ...attributes, ...listeners, onKeyDown, onDoubleClick: () => onOpen(ticket), "aria-label": `Ticket ${ticket.display_id}, ${ticket.product_title}, ${statusLabel(ticket.status)}` }}
      menu={
        <div className="menu" onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <button className="icon-btn" aria-haspopup="menu" aria-expanded={menu} aria-label={`Actions for ticket ${ticket.display_id}`} onClick={() => setMenu((m) => !m)}>
            ⋯
          </button>
          {menu && (
            <div className="menu-list" role="menu" onMouseLeave={() => setMenu(false)}>
              <button role="menuitem" onClick={() => { setMenu(false); onOpen(ticket); }}>Open</button>
              <button role="menuitem" disabled={!next} onClick={() => { setMenu(false); next && onMove(ticket, next); }}>
                {next ? `Move to ${statusLabel(next)}` : "No next stage"}
              </button>
              <button role="menuitem" disabled={!back} onClick={() => { setMenu(false); back && onMove(ticket, back); }}>
                {back ? `Move back to ${statusLabel(back)}` : "No previous stage"}
              </button>
            </div>
          )}
        </div>
      }
    />
  );
});

const CardBody = forwardRef<HTMLDivElement, { ticket: Ticket; now?: number; className?: string; extra?: HTMLAttributes<HTMLDivElement>; menu?: ReactNode }>(function CardBody(
  { ticket, now, className = "", extra, menu },
  ref,
) {
  const users = useUsers();
  const assignee = users.data?.find((u) => u.id === ticket.assignee_id);
  return (
    <div ref={ref} className={`ticket-card ${className}`} data-testid={`card-${ticket.display_id}`} data-status={ticket.status} {...extra}>
      <div className="spread">
        <span className="card-id">
          {ticket.display_id} <span className="muted">· Order #{ticket.order_display_id}</span>
        </span>
        {menu}
      </div>
      <div className="title">{ticket.product_title}</div>
      <div className="meta">
        <span>{ticket.variant_title}</span>
        <span>× {ticket.quantity.toLocaleString("en")}</span>
      </div>
      <div className="meta">{ticket.customer_email}</div>
      <div className="foot">
        <span className="meta" title="Time in this column">
          {assignee ? userName(assignee) : "Unassigned"} · {age(ticket.status_changed_at, now)}
        </span>
        <span className="row">
          {has(ticket, "waiting_on_support") && <Badge tone="amber">Waiting on us</Badge>}
          {has(ticket, "waiting_on_customer") && <Badge tone="blue">Waiting on customer</Badge>}
        </span>
      </div>
    </div>
  );
});
