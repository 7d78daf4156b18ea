import { Link } from "react-router-dom";
import { useMutation } from "@tanstack/react-query";
import { messageOf } from "../shared/api";
import { money } from "../shared/format";
import { useToast } from "../shared/toasts";
import type { Cart } from "../shared/types";
import { Empty, ErrorNote, Spinner } from "../shared/ui";
import { api, queries } from "./context";
import { useCart } from "./shop";
import { Totals } from "./Totals";

export function CartPage() {
  const cart = useCart();
  const toast = useToast();
  const change = useMutation({
    mutationFn: ({ line, quantity }: { line: string; quantity: number }) =>
      quantity > 0
        ? api.post<{ cart: Cart }>(`/store/carts/${cart.data!.id}/line-items/${line}`, { quantity })
        : api.del<{ parent: Cart }>(`/store/carts/${cart.data!.id}/line-items/${line}`).then((r) => ({ cart: r.parent })),
    onSuccess: ({ cart: c }) => queries.setQueryData(["cart"], c),
    onError: (e) => toast(messageOf(e), "error"),
  });
  if (cart.isPending) return <main className="page"><Spinner /></main>;
  if (cart.isError && !cart.data) return <main className="page"><ErrorNote error={cart.error} /></main>;
  const c = cart.data;
  return (
    <main className="page">
      <h1>Your cart</h1>
      {!c || c.items.length === 0 ? (
        <Empty title="Your cart is empty"><Link to="/">Find packaging</Link></Empty>
      ) : (
        <div className="checkout">
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Item</th><th>Quantity</th><th className="num">Total</th><th><span className="sr-only">Remove</span></th></tr></thead>
              <tbody>
                {c.items.map((i) => (
                  <tr key={i.id}>
                    <td><strong>{i.product_title ?? i.title}</strong><div className="muted small">{i.variant_title} · {money(i.unit_price, c.currency_code)} each</div></td>
                    <td>
                      <label className="sr-only" htmlFor={`q-${i.id}`}>Quantity of {i.product_title}</label>
                      <input id={`q-${i.id}`} type="number" min={1} defaultValue={i.quantity} style={{ width: 100 }} onBlur={(e) => Number(e.target.value) !== i.quantity && change.mutate({ line: i.id, quantity: Number(e.target.value) })} />
                    </td>
                    <td className="num">{money(i.subtotal ?? i.unit_price * i.quantity, c.currency_code)}</td>
                    <td><button className="btn btn-small btn-danger" onClick={() => change.mutate({ line: i.id, quantity: 0 })}>Remove</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card stack">
            <Totals c={c} />
            <Link to="/checkout" className="btn btn-primary btn-block">Check out</Link>
          </div>
        </div>
      )}
    </main>
  );
}
