-- The read model behind order lists (admin and "my orders"): one row per
-- order, kept by the order-list projection from the order events.
CREATE TABLE order_list (
  id             text PRIMARY KEY,
  display_id     bigint NOT NULL,
  customer_id    text NOT NULL,
  email          text NOT NULL,
  status         text NOT NULL,
  currency_code  text NOT NULL,
  total          bigint NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX order_list_customer ON order_list (customer_id, created_at DESC);
CREATE INDEX order_list_created ON order_list (created_at DESC);
