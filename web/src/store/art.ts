// A product without a photo gets a coloured tile with its initials.
const COLORS = ["#b45309", "#4f46e5", "#047857", "#be123c", "#0369a1", "#6d28d9"];
export function artOf(title: string): { color: string; initials: string } {
  let h = 0;
  for (const c of title) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const initials = title.split(/\s+/).filter(Boolean).slice(-2).map((w) => w[0].toUpperCase()).join("");
  return { color: COLORS[h % COLORS.length], initials };
}
