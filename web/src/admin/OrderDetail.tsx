import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { messageOf } from "../shared/api";
import { dateTime, humanize, money } from "../shared/format";
import { statusLabel } from "../shared/tickets";
import { useToast } from "../shared/toasts";
import type { Order } from "../shared/types";
import { Badge, ErrorNote, Spinner } from "../shared/ui";
import { useTopics } from "../shared/useLive";
import { api, live, queries } from "./context";

// The lifecycle souk has, in the order it happens (the server refuses an
// action out of turn with a 409 that says why).
// Each action says in which of souk's order stages it applies
// (actors/order/order_decide.cpp), so only the next steps are offered.
const at = (o: Order, ...stages: string[]) => stages.includes(o.souk_status ?? "");
const left = (o: Order) => (o.summary?.paid_total ?? 0) - (o.summary?.refunded_total ?? 0);
const ACTIONS: { path: string; label: string; when: (o: Order) => boolean; body?: (o: Order) => unknown; danger?: boolean }[] = [
  { path: "capture", label: "Capture payment", when: (o) => at(o, "payment_authorized") },
  { path: "fulfillments", label: "Create fulfilment", when: (o) => at(o, "payment_captured") },
  { path: "ship", label: "Mark shipped", when: (o) => at(o, "fulfilled") },
  { path: "deliver", label: "Mark delivered", when: (o) => at(o, "shipped") },
  { path: "complete", label: "Complete", when: (o) => at(o, "delivered") },
  { path: "refund", label: "Refund what was paid", when: (o) => left(o) > 0, body: (o) => ({ amount: left(o) }), danger: true },
  { path: "cancel", label: "Cancel order", when: (o) => at(o, "placed", "payment_authorized", "payment_captured"), danger: true },
];

export function OrderDetail() {
  const { id = "" } = useParams();
  const toast = useToast();
  useTopics(live, [`orders:${id}`, "tickets"]); // its tickets move too
  const order = useQuery({ queryKey: ["order", id], queryFn: async () => (await api.get<{ order: Order }>(`/admin/orders/${id}`)).order });
  const act = useMutation({
    mutationFn: (a: (typeof ACTIONS)[number]) => api.post<{ order: Order }>(`/admin/orders/${id}/${a.path}`, a.body?.(order.data!) ?? {}),
    onSuccess: ({ order: o }, a) => {
      queries.setQueryData<Order>(["order", id], (old) => ({ ...old, ...o }));
      toast(`${a.label}: done`);
    },
    onError: (e) => toast(messageOf(e), "error"),
  });
  if (order.isPending) return <main className="page"><Spinner /></main>;
  if (order.isError && !order.data) return <main className="page"><ErrorNote error={order.error} onRetry={() => order.refetch()} /></main>;
  const o = order.data;
  return (
    <main className="page stack">
      <div className="spread">
        <div>
          <Link to="/orders" className="small">← Orders</Link>
          <h1>Order #{o.display_id}</h1>
          <div className="row">
            <Badge tone="violet">{humanize(o.status)}</Badge>
            <Badge tone={o.payment_status === "captured" ? "green" : "neutral"}>Payment: {humanize(o.payment_status)}</Badge>
            <Badge tone={o.fulfillment_status === "delivered" ? "green" : "neutral"}>Fulfilment: {humanize(o.fulfillment_status)}</Badge>
            <span className="muted small">{dateTime(o.created_at)} · {o.email}</span>
          </div>
        </div>
        <div className="row">
          {ACTIONS.filter((a) => a.when(o)).map((a) => (
            <button key={a.path} className={`btn btn-small${a.danger ? " btn-danger" : ""}`} disabled={act.isPending} onClick={() => (!a.danger || confirm(`${a.label} #${o.display_id}?`)) && act.mutate(a)}>
              {a.label}
            </button>
          ))}
        </div>
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>Item</th><th className="num">Quantity</th><th className="num">Unit price</th><th className="num">Total</th></tr></thead>
          <tbody>
            {o.items.map((i) => (
              <tr key={i.id}>
                <td>{i.product_title ?? i.title}<div className="muted small">{i.variant_title}</div></td>
                <td className="num">{i.quantity}</td>
                <td className="num">{money(i.unit_price, o.currency_code)}</td>
                <td className="num">{money(i.subtotal ?? i.unit_price * i.quantity, o.currency_code)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row" style={{ alignItems: "flex-start" }}>
        <section className="card grow">
          <h3>Tickets</h3>
          {(o.tickets ?? []).length === 0 ? (
            <p className="muted">No tickets for this order yet.</p>
          ) : (
            <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {o.tickets!.map((t) => (
                <li key={t.id} className="spread">
                  <Link to={`/tickets/${t.id}`}>{t.display_id} · {t.product_title}</Link>
                  <Badge tone="violet">{statusLabel(t.status)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" style={{ minWidth: 260 }}>
          <h3>Totals</h3>
          <div className="totals">
            <span>Subtotal</span><span>{money(o.subtotal, o.currency_code)}</span>
            <span>Shipping</span><span>{money(o.shipping_total, o.currency_code)}</span>
            <span>Tax</span><span>{money(o.tax_total, o.currency_code)}</span>
            <span className="total">Total</span><span className="total">{money(o.total, o.currency_code)}</span>
          </div>
        </section>
      </div>
    </main>
  );
}
