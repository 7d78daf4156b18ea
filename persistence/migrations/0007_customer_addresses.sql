-- A customer's saved addresses (Medusa's /store/customers/me/addresses).
-- At most one default shipping and one default billing address each.
CREATE TABLE customer_addresses (
  id                  text PRIMARY KEY,
  customer_id         text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  address_name        text NOT NULL DEFAULT '',
  is_default_shipping boolean NOT NULL DEFAULT false,
  is_default_billing  boolean NOT NULL DEFAULT false,
  first_name          text NOT NULL DEFAULT '',
  last_name           text NOT NULL DEFAULT '',
  company             text NOT NULL DEFAULT '',
  address_1           text NOT NULL DEFAULT '',
  address_2           text NOT NULL DEFAULT '',
  city                text NOT NULL DEFAULT '',
  province            text NOT NULL DEFAULT '',
  postal_code         text NOT NULL DEFAULT '',
  country_code        text NOT NULL DEFAULT '',
  phone               text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_addresses_customer
  ON customer_addresses (customer_id, created_at);
CREATE UNIQUE INDEX customer_addresses_one_default_shipping
  ON customer_addresses (customer_id) WHERE is_default_shipping;
CREATE UNIQUE INDEX customer_addresses_one_default_billing
  ON customer_addresses (customer_id) WHERE is_default_billing;
