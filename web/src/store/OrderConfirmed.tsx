import { Link, useLocation, useParams } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import type { Order } from "../shared/types";
import { ErrorNote, Spinner } from "../shared/ui";
import { api } from "./context";
import { useToken } from "./App";
import { Totals } from "./Totals";

export function OrderConfirmed() {
  const { id = "" } = useParams();
  const passed = (useLocation().state as { order?: Order } | null)?.order;
  const token = useToken();
  const order = useQuery({
    queryKey: ["order", id],
    enabled: !passed && !!token,
    initialData: passed,
    queryFn: async () => (await api.get<{ order: Order }>(`/store/orders/${id}`)).order,
  });
  if (!order.data && !token) return <main className="page"><p>Your order is placed. Its confirmation is in your inbox.</p></main>;
  if (order.isError && !order.data) return <main className="page"><ErrorNote error={order.error} /></main>;
  if (!order.data) return <main className="page"><Spinner /></main>;
  const o = order.data;
  return (
    <main className="page">
      <div className="card stack" style={{ maxWidth: 640, margin: "0 auto" }}>
        <h1 data-testid="order-confirmed">Thank you! Your order #{o.display_id} is placed</h1>
        <p className="muted">A confirmation goes to {o.email}. Each item is now a project: tell us about your artwork in your account.</p>
        {o.items.map((i) => (
          <div key={i.id} className="spread small">
            <span>{i.quantity} × {i.product_title ?? i.title}{i.variant_title ? ` (${i.variant_title})` : ""}</span>
          </div>
        ))}
        <Totals c={o} />
        <div className="row">
          {token ? <Link className="btn btn-primary" to="/account">Go to my account</Link> : <Link className="btn btn-primary" to="/register">Create an account</Link>}
          <Link className="btn" to="/">Keep shopping</Link>
        </div>
      </div>
    </main>
  );
}
