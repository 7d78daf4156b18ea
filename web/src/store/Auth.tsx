import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { ErrorNote, Field } from "../shared/ui";
import { useAction } from "../shared/useAction";
import { api, session } from "./context";

function useAfterSignIn() {
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? "/account";
  return () => navigate(from, { replace: true });
}

export function SignIn() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const done = useAfterSignIn();
  const { busy, error, submit } = useAction(async () => {
    await api.signIn("customer", email, password);
    done();
  });
  return (
    <main className="page">
      <form className="card auth-card stack" style={{ margin: "0 auto" }} onSubmit={submit}>
        <h1>Sign in</h1>
        {error && <ErrorNote error={new Error(error)} />}
        <Field label="E-mail">{(id) => <input id={id} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <Field label="Password">{(id) => <input id={id} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
        <button className="btn btn-primary btn-block" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        <p className="muted small">New here? <Link to="/register">Create an account</Link></p>
      </form>
    </main>
  );
}

export function Register() {
  const [form, setForm] = useState({ first_name: "", last_name: "", email: "", password: "" });
  const done = useAfterSignIn();
  const { busy, error, submit } = useAction(async () => {
    try {
      // Medusa's sign-up: an identity (a registration token), the customer
      // made with it, then a sign-in for a customer's token.
      const { token } = await api.post<{ token: string }>("/auth/customer/emailpass/register", { email: form.email, password: form.password });
      session.set(token);
      await api.post("/store/customers", { email: form.email, first_name: form.first_name, last_name: form.last_name });
      await api.signIn("customer", form.email, form.password);
      done();
    } catch (err) {
      session.set(null);
      throw err;
    }
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <main className="page">
      <form className="card auth-card stack" style={{ margin: "0 auto" }} onSubmit={submit}>
        <h1>Create an account</h1>
        {error && <ErrorNote error={new Error(error)} />}
        <div className="form-grid">
          <Field label="First name">{(id) => <input id={id} required autoComplete="given-name" value={form.first_name} onChange={set("first_name")} />}</Field>
          <Field label="Last name">{(id) => <input id={id} required autoComplete="family-name" value={form.last_name} onChange={set("last_name")} />}</Field>
        </div>
        <Field label="E-mail">{(id) => <input id={id} type="email" required autoComplete="email" value={form.email} onChange={set("email")} />}</Field>
        <Field label="Password" hint="At least 8 characters">{(id) => <input id={id} type="password" required minLength={8} autoComplete="new-password" value={form.password} onChange={set("password")} />}</Field>
        <button className="btn btn-primary btn-block" disabled={busy}>{busy ? "Creating your account…" : "Create account"}</button>
        <p className="muted small">Have an account? <Link to="/login">Sign in</Link></p>
      </form>
    </main>
  );
}
