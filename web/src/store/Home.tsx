import { Link } from "react-router-dom";
import { money } from "../shared/format";
import { Empty, ErrorNote, Spinner } from "../shared/ui";
import { artOf } from "./art";
import { useProducts, useRegion } from "./shop";

export function Home() {
  const region = useRegion();
  const products = useProducts(region.data?.id);
  return (
    <>
      <section className="hero">
        <div className="hero-inner">
          <h1>Packaging with your brand on it</h1>
          <p>Order in bulk, send us your artwork brief, approve the proof, and follow every item from design to delivery.</p>
        </div>
      </section>
      <main className="page">
        <h2>Products</h2>
        {(region.isError && !region.data) || (products.isError && !products.data) ? (
          <ErrorNote error={region.error ?? products.error} onRetry={() => products.refetch()} />
        ) : products.isPending ? (
          <Spinner label="Loading products" />
        ) : products.data.products.length === 0 ? (
          <Empty title="Nothing for sale yet">Come back soon.</Empty>
        ) : (
          <div className="products">
            {products.data.products.map((p) => {
              const art = artOf(p.title);
              const from = Math.min(...p.variants.map((v) => v.calculated_price?.calculated_amount ?? Infinity));
              return (
                <Link key={p.id} to={`/products/${p.id}`} className="product-tile" data-testid="product-tile">
                  <div className="product-art" style={{ background: art.color }} aria-hidden="true">{art.initials}</div>
                  <div className="body">
                    <strong>{p.title}</strong>
                    <div className="price">{Number.isFinite(from) ? `from ${money(from, region.data?.currency_code)} / unit` : "Not available"}</div>
                  </div>
                </Link>
              );
            })}
          </div>
        )}
      </main>
    </>
  );
}
