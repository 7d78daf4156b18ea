import { useQuery } from "@tanstack/react-query";
import { api } from "./context";

export interface User {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
}

export function useUsers() {
  return useQuery({
    queryKey: ["users"],
    queryFn: async () => (await api.get<{ users: User[] }>("/admin/users")).users,
    staleTime: 5 * 60_000,
  });
}

export function userName(u: User): string {
  return [u.first_name, u.last_name].filter(Boolean).join(" ") || u.email;
}
