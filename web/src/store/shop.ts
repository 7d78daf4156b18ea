// Reads and writes of the shopping flow (Medusa's Store API).
import { useQuery } from "@tanstack/react-query";
import type { Cart, Product } from "../shared/types";
import { api, cartId, queries } from "./context";

export function useRegion() {
  return useQuery({
    queryKey: ["region"],
    queryFn: async () => (await api.get<{ regions: { id: string; currency_code: string; name: string }[] }>("/store/regions")).regions[0],
    staleTime: Infinity,
  });
}

export function useProducts(regionId?: string) {
  return useQuery({
    queryKey: ["products", regionId],
    enabled: !!regionId,
    queryFn: () => api.get<{ products: Product[]; count: number }>(`/store/products?region_id=${regionId}&limit=100`),
  });
}

export function useCart() {
  return useQuery({
    queryKey: ["cart"],
    queryFn: async () => {
      const id = cartId.get();
      if (!id) return null;
      try {
        const { cart } = await api.get<{ cart: Cart & { completed_at?: string | null } }>(`/store/carts/${id}`);
        if (cart.completed_at) {
          cartId.set(null);
          return null;
        }
        return cart;
      } catch {
        cartId.set(null); // gone, or not this shopper's
        return null;
      }
    },
  });
}

export async function addToCart(regionId: string, variantId: string, quantity: number): Promise<Cart> {
  let id = cartId.get();
  if (!id) {
    const { cart } = await api.post<{ cart: Cart }>("/store/carts", { region_id: regionId });
    id = cart.id;
    cartId.set(id);
  }
  const { cart } = await api.post<{ cart: Cart }>(`/store/carts/${id}/line-items`, { variant_id: variantId, quantity });
  queries.setQueryData(["cart"], cart);
  return cart;
}
