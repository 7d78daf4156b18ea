import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { messageOf } from "../shared/api";
import { money } from "../shared/format";
import type { Cart, Order } from "../shared/types";
import { Empty, ErrorNote, Field, Spinner } from "../shared/ui";
import { api, cartId, queries } from "./context";
import { useCart } from "./shop";
import { Totals } from "./Totals";

interface Option {
  id: string;
  name: string;
  amount: number;
}

export function Checkout() {
  const cart = useCart();
  const navigate = useNavigate();
  const me = useQuery({
    queryKey: ["me"],
    enabled: !!api.opts.session.get(),
    queryFn: async () => (await api.get<{ customer: { email: string; first_name: string; last_name: string } }>("/store/customers/me")).customer,
  });
  const options = useQuery({
    queryKey: ["shipping-options", cart.data?.id],
    enabled: !!cart.data,
    queryFn: async () => (await api.get<{ shipping_options: Option[] }>(`/store/shipping-options?cart_id=${cart.data!.id}`)).shipping_options,
  });
  const [form, setForm] = useState({ email: "", first_name: "", last_name: "", address_1: "", postal_code: "", city: "", country_code: "de", phone: "" });
  const [option, setOption] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (me.data) setForm((f) => ({ ...f, email: f.email || me.data.email, first_name: f.first_name || me.data.first_name, last_name: f.last_name || me.data.last_name }));
  }, [me.data]);
  useEffect(() => {
    if (!option && options.data?.[0]) setOption(options.data[0].id);
  }, [options.data, option]);

  async function placeOrder(e: FormEvent) {
    e.preventDefault();
    const c = cart.data!;
    setBusy(true);
    setError(null);
    try {
      const { email, phone, ...address } = form;
      await api.post(`/store/carts/${c.id}`, { email, shipping_address: { ...address, phone } });
      await api.post(`/store/carts/${c.id}/shipping-methods`, { option_id: option });
      const { payment_collection } = await api.post<{ payment_collection: { id: string } }>("/store/payment-collections", { cart_id: c.id });
      await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" });
      const done = await api.post<{ type: "order"; order: Order } | { type: "cart"; cart: Cart; error: { message: string } }>(`/store/carts/${c.id}/complete`);
      if (done.type !== "order") throw new Error(done.error?.message ?? "The order could not be placed.");
      cartId.set(null);
      queries.setQueryData(["cart"], null);
      queries.invalidateQueries({ queryKey: ["orders"] });
      navigate(`/order/${done.order.id}`, { state: { order: done.order } });
    } catch (err) {
      setError(messageOf(err));
      cart.refetch();
    } finally {
      setBusy(false);
    }
  }

  if (cart.isPending) return <main className="page"><Spinner /></main>;
  const c = cart.data;
  if (!c || c.items.length === 0) return <main className="page"><Empty title="Your cart is empty"><Link to="/">Find packaging</Link></Empty></main>;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const chosen = options.data?.find((o) => o.id === option);
  return (
    <main className="page">
      <h1>Checkout</h1>
      <form className="checkout" onSubmit={placeOrder}>
        <div className="stack">
          {error && <ErrorNote error={new Error(error)} />}
          <section className="card stack">
            <h2>Contact</h2>
            <Field label="E-mail">{(id) => <input id={id} type="email" required autoComplete="email" value={form.email} onChange={set("email")} />}</Field>
          </section>
          <section className="card stack">
            <h2>Delivery address</h2>
            <div className="form-grid">
              <Field label="First name">{(id) => <input id={id} required autoComplete="given-name" value={form.first_name} onChange={set("first_name")} />}</Field>
              <Field label="Last name">{(id) => <input id={id} required autoComplete="family-name" value={form.last_name} onChange={set("last_name")} />}</Field>
            </div>
            <Field label="Street and number">{(id) => <input id={id} required autoComplete="address-line1" value={form.address_1} onChange={set("address_1")} />}</Field>
            <div className="form-grid">
              <Field label="Postal code">{(id) => <input id={id} required autoComplete="postal-code" value={form.postal_code} onChange={set("postal_code")} />}</Field>
              <Field label="City">{(id) => <input id={id} required autoComplete="address-level2" value={form.city} onChange={set("city")} />}</Field>
              <Field label="Country">
                {(id) => (
                  <select id={id} value={form.country_code} onChange={set("country_code")}>
                    <option value="de">Germany</option>
                  </select>
                )}
              </Field>
            </div>
          </section>
          <section className="card stack">
            <h2>Shipping</h2>
            {options.isPending ? <Spinner /> : options.isError ? <ErrorNote error={options.error} /> : (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }} className="stack">
                <legend className="sr-only">Shipping option</legend>
                {options.data.map((o) => (
                  <label key={o.id} className="check">
                    <input type="radio" name="shipping" value={o.id} checked={option === o.id} onChange={() => setOption(o.id)} /> {o.name} — {money(o.amount, c.currency_code)}
                  </label>
                ))}
              </fieldset>
            )}
          </section>
          <section className="card stack">
            <h2>Payment</h2>
            <p className="muted">Pay by invoice: we send it with your proof. (The demo shop's system payment.)</p>
          </section>
        </div>
        <aside className="card stack">
          <h2>Summary</h2>
          {c.items.map((i) => (
            <div key={i.id} className="spread small">
              <span>{i.quantity} × {i.product_title ?? i.title}{i.variant_title ? ` (${i.variant_title})` : ""}</span>
              <span>{money(i.subtotal ?? i.unit_price * i.quantity, c.currency_code)}</span>
            </div>
          ))}
          <Totals c={{ ...c, shipping_total: c.shipping_methods?.length ? c.shipping_total : chosen?.amount ?? 0 }} />
          <button className="btn btn-primary btn-block" disabled={busy || !option}>{busy ? "Placing your order…" : "Place order"}</button>
        </aside>
      </form>
    </main>
  );
}
