// The shapes souk's API answers with (the fields the pages use).
export type TicketStatus = "brief_received" | "designing_artwork" | "fulfilling" | "delivered";

export interface Action {
  code: string;
  message: string;
}

export interface Brief {
  text: string;
  colors: string[];
  print_size: string;
  quantity_notes: string;
  reference_urls: string[];
}

export interface Note {
  id: string;
  text: string;
  internal: boolean;
  author_id: string | null;
  author_role: "customer" | "support" | "system";
  created_at: string;
}

export interface Attachment {
  id: string;
  kind: "proof" | "artwork";
  filename: string;
  content_type: string;
  size: number;
  url: string;
  author_role: string;
  created_at: string;
}

export interface Proof {
  id: string;
  status: "pending" | "approved" | "changes_requested";
  comment: string | null;
  decided_at: string | null;
}

export interface Ticket {
  id: string;
  display_id: string;
  order_id: string;
  order_display_id: number;
  line_item_id: string;
  product_title: string;
  variant_title: string;
  quantity: number;
  customer_id: string | null;
  customer_email: string;
  status: TicketStatus;
  brief?: Brief;
  notes?: Note[];
  attachments?: Attachment[];
  proofs?: Proof[];
  assignee_id: string | null;
  actions_required: Action[];
  version: number;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
}

export interface HistoryEntry {
  version: number;
  type: string;
  actor_role: string;
  actor_id: string | null;
  created_at: string;
  [k: string]: unknown;
}

export interface Price {
  calculated_amount: number;
  currency_code: string;
}

export interface Variant {
  id: string;
  title: string;
  sku: string | null;
  product_id: string;
  calculated_price?: Price;
  prices?: { amount: number; currency_code: string }[];
  options?: { value: string; option?: { title: string } }[];
}

export interface Product {
  id: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  handle: string;
  status: string;
  thumbnail: string | null;
  options: { id: string; title: string; values: { value: string }[] }[];
  variants: Variant[];
  created_at: string;
}

export interface LineItem {
  id: string;
  title: string;
  product_title?: string;
  variant_title?: string;
  variant_id: string;
  quantity: number;
  unit_price: number;
  total?: number;
  subtotal?: number;
}

export interface Cart {
  id: string;
  email: string | null;
  region_id: string;
  currency_code: string;
  items: LineItem[];
  subtotal: number;
  shipping_total: number;
  tax_total: number;
  total: number;
  shipping_methods?: { id: string; shipping_option_id: string; name: string; amount: number }[];
  shipping_address?: Address | null;
  payment_collection?: { id: string } | null;
}

export interface Address {
  first_name?: string;
  last_name?: string;
  address_1?: string;
  city?: string;
  postal_code?: string;
  country_code?: string;
  phone?: string;
}

export interface Order {
  id: string;
  display_id: number;
  email: string;
  status: string;
  /// souk's own stage (placed, payment_captured, shipped, ...): lists.
  souk_status?: string;
  payment_status: string;
  fulfillment_status: string;
  currency_code: string;
  customer_id: string | null;
  items: LineItem[];
  subtotal: number;
  shipping_total: number;
  tax_total: number;
  total: number;
  shipping_address?: Address | null;
  created_at: string;
  tickets?: Ticket[];
  summary?: { paid_total: number; refunded_total: number };
}
