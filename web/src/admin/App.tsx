import { useEffect } from "react";
import { NavLink, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { LiveIndicator } from "../shared/ui";
import { api, live, queries, session, useLiveState } from "./context";
import { SignIn } from "./SignIn";
import { Board } from "./Board";
import { Orders } from "./Orders";
import { OrderDetail } from "./OrderDetail";
import { Products } from "./Products";
import { ProductForm } from "./ProductForm";

function useToken() {
  return session.use();
}

export function App() {
  const token = useToken();
  const location = useLocation();
  useEffect(() => {
    if (token) {
      api.keepFresh();
      live.start();
    } else {
      live.stop();
      queries.clear();
    }
  }, [token]);
  if (!token) {
    return location.pathname === "/login" ? <SignIn /> : <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  return (
    <>
      <TopBar />
      <Routes>
        <Route path="/login" element={<Navigate to="/" replace />} />
        <Route path="/" element={<Board />} />
        <Route path="/tickets/:id" element={<Board />} />
        <Route path="/orders" element={<Orders />} />
        <Route path="/orders/:id" element={<OrderDetail />} />
        <Route path="/products" element={<Products />} />
        <Route path="/products/new" element={<ProductForm />} />
        <Route path="/products/:id" element={<ProductForm />} />
        <Route path="*" element={<div className="page"><h1>Not found</h1><p className="muted">This page does not exist.</p></div>} />
      </Routes>
    </>
  );
}

function TopBar() {
  const state = useLiveState();
  const me = useQuery({ queryKey: ["me"], queryFn: () => api.get<{ user: { id: string; email: string } }>("/admin/users/me") });
  return (
    <header className="topbar">
      <a className="brand" href="/app/">
        <span className="brand-mark" aria-hidden="true">s</span> souk admin
      </a>
      <nav className="nav" aria-label="Main">
        <NavLink to="/" end>Tickets</NavLink>
        <NavLink to="/orders">Orders</NavLink>
        <NavLink to="/products">Products</NavLink>
      </nav>
      <div className="grow" />
      <LiveIndicator state={state} />
      <span className="muted small" data-testid="me">{me.data?.user.email}</span>
      <button className="btn btn-small" onClick={() => api.signOut()}>
        Sign out
      </button>
    </header>
  );
}
