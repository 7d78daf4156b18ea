import { useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { ErrorNote, Field } from "../shared/ui";
import { useAction } from "../shared/useAction";
import { api } from "./context";

export function SignIn() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? "/";
  const { busy, error, submit } = useAction(async () => {
    await api.signIn("user", email, password);
    navigate(from === "/login" ? "/" : from, { replace: true });
  });

  return (
    <main className="auth-page">
      <form className="card auth-card stack" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand"><span className="brand-mark" aria-hidden="true">s</span> souk admin</div>
        <h1 id="signin-title">Sign in</h1>
        {error && <ErrorNote error={new Error(error)} />}
        <Field label="E-mail">{(id) => <input id={id} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <Field label="Password">{(id) => <input id={id} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
        <button className="btn btn-primary btn-block" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
    </main>
  );
}
