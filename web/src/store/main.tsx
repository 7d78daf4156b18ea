import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router-dom";
import "../shared/styles.css";
import { ToastProvider } from "../shared/toasts";
import { loadConfig, queries } from "./context";
import { App } from "./App";

const root = createRoot(document.getElementById("root")!);
loadConfig()
  .then(() =>
    root.render(
      <StrictMode>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <ToastProvider>
              <App />
            </ToastProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </StrictMode>,
    ),
  )
  .catch((e: Error) =>
    root.render(
      <main className="auth-page">
        <div className="card auth-card" role="alert">
          <h1>The shop is closed</h1>
          <p className="muted">{e.message}</p>
        </div>
      </main>,
    ),
  );
