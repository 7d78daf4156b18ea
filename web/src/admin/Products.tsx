import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { humanize, money } from "../shared/format";
import type { Product } from "../shared/types";
import { Badge, Empty, ErrorNote, Spinner } from "../shared/ui";
import { api } from "./context";

export function Products() {
  const products = useQuery({ queryKey: ["products"], queryFn: () => api.get<{ products: Product[]; count: number }>("/admin/products?limit=200") });
  return (
    <main className="page">
      <div className="spread">
        <h1>Products</h1>
        <Link className="btn btn-primary" to="/products/new">New product</Link>
      </div>
      {products.isPending ? (
        <Spinner />
      ) : products.isError && !products.data ? (
        <ErrorNote error={products.error} onRetry={() => products.refetch()} />
      ) : products.data.products.length === 0 ? (
        <Empty title="No products yet">Create the first one.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Product</th><th>Status</th><th>Variants</th><th className="num">From</th></tr></thead>
            <tbody>
              {products.data.products.map((p) => {
                const prices = p.variants.flatMap((v) => v.prices ?? []);
                const low = prices.reduce<{ amount: number; currency_code: string } | null>((m, x) => (!m || x.amount < m.amount ? x : m), null);
                return (
                  <tr key={p.id}>
                    <td><Link to={`/products/${p.id}`}>{p.title}</Link><div className="muted small">{p.handle}</div></td>
                    <td><Badge tone={p.status === "published" ? "green" : "neutral"}>{humanize(p.status)}</Badge></td>
                    <td>{p.variants.map((v) => v.title).join(", ")}</td>
                    <td className="num">{low ? money(low.amount, low.currency_code) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
