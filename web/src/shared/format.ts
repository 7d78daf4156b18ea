// Amounts arrive in Medusa's form (major units, e.g. 12.5 EUR); souk keeps
// minor units inside. Times are UTC ISO strings, shown in the viewer's zone.
export function money(amount: number | undefined, currency: string | undefined): string {
  if (amount === undefined || currency === undefined) return "";
  return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).format(amount);
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

/// "3d", "5h", "12m", "now": how long since `iso`.
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return "now";
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function humanize(code: string | undefined): string {
  if (!code) return "—";
  const s = code.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
