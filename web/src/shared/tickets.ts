import type { Ticket, TicketStatus } from "./types";

export const STATUSES: { id: TicketStatus; label: string }[] = [
  { id: "brief_received", label: "Brief received" },
  { id: "designing_artwork", label: "Designing artwork" },
  { id: "fulfilling", label: "Fulfilling" },
  { id: "delivered", label: "Delivered" },
];

export function statusLabel(s: TicketStatus): string {
  return STATUSES.find((x) => x.id === s)?.label ?? s;
}

export function stageIndex(s: TicketStatus): number {
  return STATUSES.findIndex((x) => x.id === s);
}

/// Where support may move a ticket from `s`: one column either way, never
/// out of delivered (the server's rule, shown before it is asked).
export function neighbours(s: TicketStatus): { back?: TicketStatus; next?: TicketStatus } {
  const i = stageIndex(s);
  if (s === "delivered") return {};
  return { back: i > 0 ? STATUSES[i - 1].id : undefined, next: STATUSES[i + 1]?.id };
}

/// The newer of two copies of a ticket (pushes and answers race).
export function newer(a: Ticket | undefined, b: Ticket): Ticket {
  if (!a || b.version >= a.version) return { ...a, ...b };
  return a;
}

export function has(t: Ticket, code: string): boolean {
  return t.actions_required.some((a) => a.code === code);
}

// What the customer is asked to do, as a call to action (the server's
// message says why; unknown codes show it as is).
const CALLS: Record<string, string> = {
  submit_brief: "Submit your artwork brief",
  approve_proof: "Approve the proof",
  reply_to_support: "Reply to support",
};
export function actionLabel(a: { code: string; message: string }): string {
  return CALLS[a.code] ?? a.message;
}
