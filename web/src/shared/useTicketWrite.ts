// A write to a ticket (note, brief, file, proof decision, assignment):
// its answer goes into the cache like a push, and the history is re-read.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { messageOf } from "./api";
import { useToast } from "./toasts";
import type { Ticket } from "./types";
import { upsertTicket } from "./useLive";

export function useTicketWrite(id: string) {
  const toast = useToast();
  const q = useQueryClient();
  return useMutation({
    mutationFn: (write: () => Promise<{ ticket: Ticket }>) => write(),
    onSuccess: ({ ticket }) => {
      upsertTicket(q, ticket);
      q.invalidateQueries({ queryKey: ["history", id] });
    },
    onError: (e) => toast(messageOf(e), "error"),
  });
}
