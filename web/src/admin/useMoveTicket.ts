// Moving a ticket: optimistic on the board and in its detail, rolled back
// with a clear message when the server refuses; on a 409 the card goes
// where the server has it now (the answer carries the ticket).
import { useCallback } from "react";
import { useMutation } from "@tanstack/react-query";
import { ApiError } from "../shared/api";
import { statusLabel } from "../shared/tickets";
import { useToast } from "../shared/toasts";
import type { Ticket, TicketStatus } from "../shared/types";
import { upsertTicket } from "../shared/useLive";
import { api, queries } from "./context";

// Tickets with a move on the way: a second one would carry the optimistic
// copy's version and be refused as stale.
const moving = new Set<string>();

export function useMoveTicket() {
  const toast = useToast();
  const mutation = useMutation({
    mutationFn: ({ ticket, to, reason }: { ticket: Ticket; to: TicketStatus; reason?: string }) =>
      api.post<{ ticket: Ticket }>(`/admin/tickets/${ticket.id}/status`, { status: to, reason: reason || undefined, version: ticket.version }),
    onMutate: async ({ ticket, to }) => {
      moving.add(ticket.id);
      // No read in flight lands on top of the move; one cut short runs again.
      const reading = queries.isFetching({ queryKey: ["tickets"] }) > 0;
      await queries.cancelQueries({ queryKey: ["tickets"] });
      upsertTicket(queries, { ...ticket, status: to, status_changed_at: new Date().toISOString() }, true);
      return { reading };
    },
    onSuccess: ({ ticket }) => upsertTicket(queries, ticket),
    onError: async (err, { ticket, to }) => {
      const current = err instanceof ApiError && err.status === 409 ? (err.body as { ticket?: Ticket })?.ticket : undefined;
      if (current) {
        upsertTicket(queries, current, true);
        toast(`Ticket ${ticket.display_id} was changed by someone else first, so it was not moved to ${statusLabel(to)}. It is back in ${statusLabel(current.status)}.`, "error");
        return;
      }
      // Back to how it was; then as the server has it (pushes may have come).
      upsertTicket(queries, ticket, true);
      toast(`Ticket ${ticket.display_id} was not moved: ${err instanceof Error ? err.message : "the server refused"}`, "error");
      try {
        upsertTicket(queries, (await api.get<{ ticket: Ticket }>(`/admin/tickets/${ticket.id}`)).ticket, true);
      } catch {
        // offline: the next push or reload puts it right
      }
    },
    onSettled: (_d, _e, { ticket }, ctx) => {
      moving.delete(ticket.id);
      if (ctx?.reading) queries.invalidateQueries({ queryKey: ["tickets"] });
    },
  });
  const { mutate } = mutation; // stable
  return useCallback(
    (v: { ticket: Ticket; to: TicketStatus; reason?: string }) => {
      if (moving.has(v.ticket.id)) toast(`Ticket ${v.ticket.display_id} is still moving: try again in a moment.`, "error");
      else mutate(v);
    },
    [mutate, toast],
  );
}
