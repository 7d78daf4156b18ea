import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { messageOf } from "../shared/api";
import { useToast } from "../shared/toasts";
import type { Product, Variant } from "../shared/types";
import { ErrorNote, Field, Spinner } from "../shared/ui";
import { api, queries } from "./context";

interface VariantRow {
  title: string;
  sku: string;
  price: string;
  stock: string;
}

export function ProductForm() {
  const { id } = useParams();
  return id ? <EditProduct id={id} /> : <NewProduct />;
}

function NewProduct() {
  const navigate = useNavigate();
  const toast = useToast();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [option, setOption] = useState("Size");
  const [rows, setRows] = useState<VariantRow[]>([{ title: "", sku: "", price: "", stock: "1000" }]);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () => {
      const { product } = await api.post<{ product: Product }>("/admin/products", {
        title,
        description,
        status: "published",
        options: [{ title: option, values: rows.map((r) => r.title) }],
        variants: rows.map((r) => ({ title: r.title, sku: r.sku || undefined, options: { [option]: r.title }, prices: [{ currency_code: "eur", amount: Number(r.price) }] })),
      });
      for (const [i, v] of product.variants.entries())
        await api.post(`/admin/inventory-items/${v.id}`, { stocked_quantity: Number(rows[i]?.stock || 0) });
      return product;
    },
    onSuccess: (p) => {
      queries.invalidateQueries({ queryKey: ["products"] });
      toast(`${p.title} created`);
      navigate(`/products/${p.id}`);
    },
    onError: (e) => setError(messageOf(e)),
  });
  const setRow = (i: number, patch: Partial<VariantRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    create.mutate();
  }
  return (
    <main className="page">
      <Link to="/products" className="small">← Products</Link>
      <h1>New product</h1>
      <form className="card stack" onSubmit={submit}>
        {error && <ErrorNote error={new Error(error)} />}
        <div className="form-grid">
          <Field label="Title">{(id) => <input id={id} required value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
          <Field label="Variant option" hint="What the variants differ in">{(id) => <input id={id} required value={option} onChange={(e) => setOption(e.target.value)} />}</Field>
        </div>
        <Field label="Description">{(id) => <textarea id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}</Field>
        <h3>Variants</h3>
        {rows.map((r, i) => (
          <div key={i} className="form-grid">
            <Field label={`${option} ${i + 1}`}>{(id) => <input id={id} required value={r.title} placeholder="e.g. 30cm" onChange={(e) => setRow(i, { title: e.target.value })} />}</Field>
            <Field label="SKU">{(id) => <input id={id} value={r.sku} onChange={(e) => setRow(i, { sku: e.target.value })} />}</Field>
            <Field label="Price (EUR)">{(id) => <input id={id} required inputMode="decimal" pattern="[0-9]+(\.[0-9]{1,2})?" value={r.price} onChange={(e) => setRow(i, { price: e.target.value })} />}</Field>
            <Field label="Stock">{(id) => <input id={id} required type="number" min={0} value={r.stock} onChange={(e) => setRow(i, { stock: e.target.value })} />}</Field>
          </div>
        ))}
        <div className="row">
          <button type="button" className="btn btn-small" onClick={() => setRows((rs) => [...rs, { title: "", sku: "", price: "", stock: "1000" }])}>Add a variant</button>
          {rows.length > 1 && <button type="button" className="btn btn-small" onClick={() => setRows((rs) => rs.slice(0, -1))}>Remove the last</button>}
        </div>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <button className="btn btn-primary" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create product"}</button>
        </div>
      </form>
    </main>
  );
}

function EditProduct({ id }: { id: string }) {
  const toast = useToast();
  const product = useQuery({ queryKey: ["product", id], queryFn: async () => (await api.get<{ product: Product }>(`/admin/products/${id}`)).product });
  const [form, setForm] = useState({ title: "", subtitle: "", description: "", status: "published" });
  useEffect(() => {
    const p = product.data;
    if (p) setForm({ title: p.title, subtitle: p.subtitle ?? "", description: p.description ?? "", status: p.status });
  }, [product.data]);
  const save = useMutation({
    mutationFn: () => api.post<{ product: Product }>(`/admin/products/${id}`, form),
    onSuccess: ({ product: p }) => {
      queries.setQueryData(["product", id], p);
      queries.invalidateQueries({ queryKey: ["products"] });
      toast("Saved");
    },
    onError: (e) => toast(messageOf(e), "error"),
  });
  if (product.isPending) return <main className="page"><Spinner /></main>;
  if (product.isError && !product.data) return <main className="page"><ErrorNote error={product.error} onRetry={() => product.refetch()} /></main>;
  const p = product.data;
  return (
    <main className="page stack">
      <Link to="/products" className="small">← Products</Link>
      <h1>{p.title}</h1>
      <form className="card stack" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <div className="form-grid">
          <Field label="Title">{(fid) => <input id={fid} required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />}</Field>
          <Field label="Subtitle">{(fid) => <input id={fid} value={form.subtitle} onChange={(e) => setForm({ ...form, subtitle: e.target.value })} />}</Field>
          <Field label="Status">
            {(fid) => (
              <select id={fid} value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
                <option value="published">Published</option>
                <option value="draft">Draft</option>
              </select>
            )}
          </Field>
        </div>
        <Field label="Description">{(fid) => <textarea id={fid} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />}</Field>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <button className="btn btn-primary" disabled={save.isPending}>Save</button>
        </div>
      </form>
      <section className="card">
        <h3>Variants, prices and stock</h3>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Variant</th><th>SKU</th><th>Price (EUR)</th><th className="num">Available</th><th>Stock on hand</th><th><span className="sr-only">Save</span></th></tr></thead>
            <tbody>
              {p.variants.map((v) => <VariantRow key={v.id} productId={p.id} variant={v} />)}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}

type Stock = { stocked_quantity: number; available_quantity: number };

// One variant: its SKU and EUR price (POST /admin/products/:id/variants/:vid)
// and its stock (POST /admin/inventory-items/:vid), saved together.
function VariantRow({ productId, variant }: { productId: string; variant: Variant }) {
  const toast = useToast();
  const item = useQuery({
    queryKey: ["stock", variant.id],
    queryFn: async () => (await api.get<{ inventory_item: Stock }>(`/admin/inventory-items/${variant.id}`)).inventory_item,
  });
  const eur = variant.prices?.find((x) => x.currency_code === "eur")?.amount;
  const [sku, setSku] = useState(variant.sku ?? "");
  const [price, setPrice] = useState(eur === undefined ? "" : String(eur));
  const [stock, setStock] = useState("");
  useEffect(() => {
    if (item.data) setStock(String(item.data.stocked_quantity));
  }, [item.data]);
  const save = useMutation({
    mutationFn: async () => {
      if (price !== "" && !/^\d+(\.\d{1,2})?$/.test(price)) throw new Error(`The price of ${variant.title} must be an amount like 12.50`);
      if (!/^\d+$/.test(stock)) throw new Error(`The stock of ${variant.title} must be a whole number`);
      const others = (variant.prices ?? []).filter((x) => x.currency_code !== "eur");
      if (sku !== (variant.sku ?? "") || price !== (eur === undefined ? "" : String(eur))) {
        const prices = price === "" ? others : [...others, { currency_code: "eur", amount: Number(price) }];
        const { product } = await api.post<{ product: Product }>(`/admin/products/${productId}/variants/${variant.id}`, { sku, prices });
        queries.setQueryData(["product", productId], product);
        queries.invalidateQueries({ queryKey: ["products"] });
      }
      if (item.data && Number(stock) !== item.data.stocked_quantity) {
        const { inventory_item } = await api.post<{ inventory_item: Stock }>(`/admin/inventory-items/${variant.id}`, { stocked_quantity: Number(stock) });
        queries.setQueryData(["stock", variant.id], inventory_item);
      }
    },
    onSuccess: () => toast(`${variant.title} saved`),
    onError: (e) => toast(messageOf(e), "error"),
  });
  const id = (what: string) => `${what}-${variant.id}`;
  return (
    <tr>
      <td>{variant.title}</td>
      <td>
        <label className="sr-only" htmlFor={id("sku")}>SKU of {variant.title}</label>
        <input id={id("sku")} value={sku} onChange={(e) => setSku(e.target.value)} style={{ minWidth: 110 }} />
      </td>
      <td>
        <label className="sr-only" htmlFor={id("price")}>Price of {variant.title} in EUR</label>
        <input id={id("price")} inputMode="decimal" pattern="[0-9]+(\.[0-9]{1,2})?" value={price} onChange={(e) => setPrice(e.target.value)} style={{ width: 100 }} />
      </td>
      <td className="num">{item.data?.available_quantity ?? "…"}</td>
      <td>
        <label className="sr-only" htmlFor={id("stock")}>Stock of {variant.title}</label>
        <input id={id("stock")} type="number" min={0} value={stock} onChange={(e) => setStock(e.target.value)} style={{ width: 100 }} />
      </td>
      <td>
        <button className="btn btn-small" disabled={save.isPending} onClick={() => save.mutate()}>Save</button>
      </td>
    </tr>
  );
}
