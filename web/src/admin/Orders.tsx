import { Link, useSearchParams } from "react-router-dom";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { dateTime, humanize, money } from "../shared/format";
import type { Order } from "../shared/types";
import { Badge, Empty, ErrorNote, Field, Spinner } from "../shared/ui";
import { useTopics } from "../shared/useLive";
import { api, live } from "./context";

const PAGE = 20;
// souk's order stages (actors/order), what the list filters by.
const STAGES = ["placed", "payment_authorized", "payment_captured", "fulfilled", "shipped", "delivered", "completed", "canceled"];

export function Orders() {
  const [params, setParams] = useSearchParams(); // the filters live in the URL
  const offset = Number(params.get("offset") ?? 0);
  const filter = { status: params.get("status") ?? "", customer_id: params.get("customer_id") ?? "", created_after: params.get("created_after") ?? "", created_before: params.get("created_before") ?? "" };
  const set = (patch: Record<string, string | number>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ offset: 0, ...patch })) {
      const text = String(v);
      if (text === "" || text === "0") next.delete(k);
      else next.set(k, text);
    }
    setParams(next, { replace: true });
  };
  const stay = () => filter; // paging keeps the filters
  useTopics(live, ["orders"]);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  for (const [k, v] of Object.entries(filter)) if (v) query.set(k, v);
  const orders = useQuery({
    queryKey: ["orders", query.toString()],
    queryFn: () => api.get<{ orders: Order[]; count: number }>(`/admin/orders?${query}`),
    placeholderData: keepPreviousData,
  });
  const count = orders.data?.count ?? 0;
  return (
    <main className="page">
      <h1>Orders</h1>
      <div className="board-tools" role="search">
        <Field label="Stage">
          {(id) => (
            <select id={id} value={filter.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">All</option>
              {STAGES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
            </select>
          )}
        </Field>
        <Field label="Placed from">{(id) => <input id={id} type="date" value={filter.created_after} onChange={(e) => set({ created_after: e.target.value })} />}</Field>
        <Field label="Placed before">{(id) => <input id={id} type="date" value={filter.created_before} onChange={(e) => set({ created_before: e.target.value })} />}</Field>
        {filter.customer_id && (
          <button className="btn btn-small" onClick={() => set({ customer_id: "" })}>
            One customer's orders ×
          </button>
        )}
      </div>
      {orders.isPending ? (
        <Spinner />
      ) : orders.isError && !orders.data ? (
        <ErrorNote error={orders.error} onRetry={() => orders.refetch()} />
      ) : orders.data.orders.length === 0 ? (
        <Empty title="No orders">Orders appear here as customers check out.</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr><th>Order</th><th>Date</th><th>Customer</th><th>Stage</th><th className="num">Total</th></tr>
              </thead>
              <tbody>
                {orders.data.orders.map((o) => (
                  <tr key={o.id}>
                    <td><Link to={`/orders/${o.id}`}>#{o.display_id}</Link></td>
                    <td>{dateTime(o.created_at)}</td>
                    <td>{o.customer_id ? <Link to={`/orders?customer_id=${o.customer_id}`}>{o.email}</Link> : o.email}</td>
                    <td><Badge tone={o.status === "canceled" ? "red" : o.status === "completed" ? "green" : "neutral"}>{humanize(o.souk_status ?? o.status)}</Badge></td>
                    <td className="num">{money(o.total, o.currency_code)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="spread" style={{ marginTop: 12 }}>
            <span className="muted">{offset + 1}–{Math.min(offset + PAGE, count)} of {count}</span>
            <div className="row">
              <button className="btn btn-small" disabled={offset === 0} onClick={() => set({ offset: Math.max(0, offset - PAGE), ...stay() })}>Previous</button>
              <button className="btn btn-small" disabled={offset + PAGE >= count} onClick={() => set({ offset: offset + PAGE, ...stay() })}>Next</button>
            </div>
          </div>
        </>
      )}
    </main>
  );
}
