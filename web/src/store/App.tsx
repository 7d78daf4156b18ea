import { useEffect } from "react";
import { Link, NavLink, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { LiveIndicator } from "../shared/ui";
import { api, live, session, useLiveState } from "./context";
import { useCart } from "./shop";
import { Home } from "./Home";
import { ProductPage } from "./ProductPage";
import { CartPage } from "./CartPage";
import { Checkout } from "./Checkout";
import { OrderConfirmed } from "./OrderConfirmed";
import { SignIn, Register } from "./Auth";
import { Account } from "./Account";
import { TicketPage } from "./TicketPage";

export function useToken() {
  return session.use();
}

export function App() {
  const token = useToken();
  useEffect(() => {
    if (token) {
      api.keepFresh();
      live.start();
    } else live.stop();
  }, [token]);
  return (
    <>
      <Header signedIn={!!token} />
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/products/:id" element={<ProductPage />} />
        <Route path="/cart" element={<CartPage />} />
        <Route path="/checkout" element={<Checkout />} />
        <Route path="/order/:id" element={<OrderConfirmed />} />
        <Route path="/login" element={<SignIn />} />
        <Route path="/register" element={<Register />} />
        <Route path="/account" element={<Private signedIn={!!token}><Account /></Private>} />
        <Route path="/account/tickets/:id" element={<Private signedIn={!!token}><TicketPage /></Private>} />
        <Route path="*" element={<main className="page"><h1>Page not found</h1><Link to="/">Back to the shop</Link></main>} />
      </Routes>
    </>
  );
}

function Private({ signedIn, children }: { signedIn: boolean; children: React.ReactNode }) {
  const location = useLocation();
  return signedIn ? <>{children}</> : <Navigate to="/login" replace state={{ from: location.pathname }} />;
}

function Header({ signedIn }: { signedIn: boolean }) {
  const cart = useCart();
  const state = useLiveState();
  const items = cart.data?.items.length ?? 0;
  return (
    <div className="shop-top">
      <header className="topbar">
        <Link className="brand" to="/">
          <span className="brand-mark" aria-hidden="true">s</span> Souk Packaging
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink to="/" end>Shop</NavLink>
          {signedIn ? <NavLink to="/account">My account</NavLink> : <NavLink to="/login">Sign in</NavLink>}
          <NavLink to="/cart">
            Cart{items > 0 && <span className="cart-count" data-testid="cart-count">{items}</span>}
          </NavLink>
        </nav>
        <div className="grow" />
        {signedIn && (
          <>
            <LiveIndicator state={state} />
            <button className="btn btn-small" onClick={() => api.signOut()}>Sign out</button>
          </>
        )}
      </header>
    </div>
  );
}
