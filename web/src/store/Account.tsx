import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { dateTime, humanize, money } from "../shared/format";
import { Progress } from "../shared/TicketParts";
import { actionLabel } from "../shared/tickets";
import type { Order, Ticket } from "../shared/types";
import { Badge, Empty, ErrorNote, Spinner } from "../shared/ui";
import { useTopics } from "../shared/useLive";
import { api, live } from "./context";

export function Account() {
  useTopics(live, ["tickets", "orders"]);
  const me = useQuery({ queryKey: ["me"], queryFn: async () => (await api.get<{ customer: { email: string; first_name: string } }>("/store/customers/me")).customer });
  const tickets = useQuery({ queryKey: ["tickets", "mine"], queryFn: () => api.get<{ tickets: Ticket[] }>("/store/tickets?limit=200") });
  const orders = useQuery({ queryKey: ["orders", "mine"], queryFn: () => api.get<{ orders: Order[] }>("/store/orders?limit=50") });
  // What waits on the customer comes first.
  const sorted = [...(tickets.data?.tickets ?? [])].sort((a, b) => Number(b.actions_required.length > 0) - Number(a.actions_required.length > 0) || b.created_at.localeCompare(a.created_at));
  return (
    <main className="page">
      <h1>Hello{me.data?.first_name ? `, ${me.data.first_name}` : ""}</h1>
      <h2>Your projects</h2>
      {tickets.isPending ? (
        <Spinner />
      ) : tickets.isError && !tickets.data ? (
        <ErrorNote error={tickets.error} onRetry={() => tickets.refetch()} />
      ) : sorted.length === 0 ? (
        <Empty title="No projects yet">Every item you order becomes a project here: brief, proof, production, delivery.</Empty>
      ) : (
        <div className="tickets-grid">
          {sorted.map((t) => (
            <Link key={t.id} to={`/account/tickets/${t.id}`} className="card" style={{ color: "inherit", textDecoration: "none" }} data-testid={`my-ticket-${t.display_id}`}>
              <div className="spread">
                <div>
                  <span className="card-id">{t.display_id}</span> <strong>{t.product_title}</strong> <span className="muted">· {t.variant_title} · × {t.quantity}</span>
                </div>
                <span className="muted small">Order #{t.order_display_id}</span>
              </div>
              <Progress status={t.status} />
              {t.actions_required.length > 0 && (
                <div className="actions-list" style={{ marginTop: 8 }}>
                  {t.actions_required.map((a) => <div key={a.code} className="action" data-testid="action" title={a.message}>{actionLabel(a)}</div>)}
                </div>
              )}
            </Link>
          ))}
        </div>
      )}
      <h2 className="section-gap">Your orders</h2>
      {orders.isPending ? (
        <Spinner />
      ) : orders.isError && !orders.data ? (
        <ErrorNote error={orders.error} onRetry={() => orders.refetch()} />
      ) : orders.data.orders.length === 0 ? (
        <Empty title="No orders yet"><Link to="/">Start shopping</Link></Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Order</th><th>Date</th><th>Status</th><th className="num">Total</th></tr></thead>
            <tbody>
              {orders.data.orders.map((o) => (
                <tr key={o.id}>
                  <td>#{o.display_id}</td>
                  <td>{dateTime(o.created_at)}</td>
                  <td><Badge tone="violet">{humanize(o.fulfillment_status === "not_fulfilled" ? o.status : o.fulfillment_status)}</Badge></td>
                  <td className="num">{money(o.total, o.currency_code)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
