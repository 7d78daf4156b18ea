import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { messageOf } from "../shared/api";
import { money } from "../shared/format";
import { useToast } from "../shared/toasts";
import type { Product, Variant } from "../shared/types";
import { ErrorNote, Field, Spinner } from "../shared/ui";
import { artOf } from "./art";
import { api } from "./context";
import { addToCart, useRegion } from "./shop";

export function ProductPage() {
  const { id = "" } = useParams();
  const region = useRegion();
  const toast = useToast();
  const product = useQuery({
    queryKey: ["product", id, region.data?.id],
    enabled: !!region.data,
    queryFn: async () => (await api.get<{ product: Product }>(`/store/products/${id}?region_id=${region.data!.id}`)).product,
  });
  // The chosen value of each option; the variant is the one with them all.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [quantity, setQuantity] = useState(100);
  const add = useMutation({
    mutationFn: () => addToCart(region.data!.id, variantOf(product.data!, chosen)!.id, quantity),
    onSuccess: () => toast(`Added ${quantity} × ${product.data!.title} to your cart`),
    onError: (e) => toast(messageOf(e), "error"),
  });
  if (product.isError && !product.data) return <main className="page"><ErrorNote error={product.error} /></main>;
  if (!product.data) return <main className="page"><Spinner /></main>;
  const p = product.data;
  const v = variantOf(p, chosen);
  const art = artOf(p.title);
  const price = v?.calculated_price ?? undefined;
  return (
    <main className="page">
      <Link to="/" className="small">← All products</Link>
      <div className="product-page section-gap">
        <div className="product-art card" style={{ background: art.color, borderRadius: 12 }} aria-hidden="true">{art.initials}</div>
        <div className="stack">
          <h1>{p.title}</h1>
          {p.description && <p className="muted">{p.description}</p>}
          <div style={{ fontSize: 20, fontWeight: 600 }}>{price ? `${money(price.calculated_amount, price.currency_code)} per unit` : "Not sold in this region"}</div>
          {p.options.map((o) => (
            <div key={o.id} className="field">
              <span style={{ fontWeight: 500, fontSize: 13 }} id={`opt-${o.id}`}>{o.title}</span>
              <div className="variant-choices" role="group" aria-labelledby={`opt-${o.id}`}>
                {o.values.map(({ value }) => (
                  <button key={value} type="button" className="choice" aria-pressed={(v ? valueOf(v, o.title) : chosen[o.title]) === value} onClick={() => setChosen({ ...(v ? selection(v) : chosen), [o.title]: value })}>
                    {value}
                  </button>
                ))}
              </div>
            </div>
          ))}
          {!v && <p className="muted">This combination is not made.</p>}
          <Field label="Quantity" hint="Printed packaging is made in runs: every item becomes a project we design with you.">
            {(fid) => <input id={fid} type="number" min={1} max={1000000} value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} style={{ maxWidth: 160 }} />}
          </Field>
          {price && <div className="muted">Item total {money(price.calculated_amount * quantity, price.currency_code)} before tax</div>}
          <div className="row">
            <button className="btn btn-primary" disabled={!price || add.isPending} onClick={() => add.mutate()}>{add.isPending ? "Adding…" : "Add to cart"}</button>
            <Link to="/cart" className="btn">View cart</Link>
          </div>
        </div>
      </div>
    </main>
  );
}

const valueOf = (v: Variant | undefined, option: string) => v?.options?.find((x) => x.option?.title === option)?.value;
const selection = (v: Variant | undefined) => Object.fromEntries((v?.options ?? []).map((x) => [x.option?.title ?? "", x.value]));

/// The variant with every chosen value (the first variant before a choice).
function variantOf(p: Product, chosen: Record<string, string>): Variant | undefined {
  if (Object.keys(chosen).length === 0) return p.variants[0];
  return p.variants.find((v) => Object.entries(chosen).every(([title, value]) => valueOf(v, title) === value));
}
