-- The tickets board's read model: one row per ticket, kept by the
-- ticket-list projection from the ticket events (persistence/ticket_list.hpp).
-- `version` is the stream version the row reflects: an event applies only
-- when it is newer, so redelivery changes nothing.
CREATE TABLE ticket_list (
  id                 text PRIMARY KEY,
  order_id           text NOT NULL,
  order_display_id   bigint NOT NULL,
  number             bigint NOT NULL,
  -- "1042-2", for the search.
  display_id         text GENERATED ALWAYS AS
                       (order_display_id::text || '-' || number::text) STORED,
  line_item_id       text NOT NULL,
  product_title      text NOT NULL,
  variant_title      text NOT NULL,
  quantity           bigint NOT NULL,
  customer_id        text NOT NULL,
  customer_email     text NOT NULL,
  status             text NOT NULL,
  -- '' when nobody is assigned.
  assignee_id        text NOT NULL DEFAULT '',
  -- What ticket_flags needs (actors/ticket/ticket_views.hpp).
  brief_empty        boolean NOT NULL,
  -- The latest proof's file id and status ('' when there is none; pending,
  -- approved, changes_requested).
  latest_proof_id    text NOT NULL DEFAULT '',
  latest_proof       text NOT NULL DEFAULT '',
  -- Who wrote the latest note the customer sees: '', customer, support.
  last_public_note   text NOT NULL DEFAULT '',
  -- The customer wrote last or asked for changes to the latest proof.
  waiting_on_support boolean GENERATED ALWAYS AS
                       (last_public_note = 'customer'
                        OR latest_proof = 'changes_requested') STORED,
  version            bigint NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  status_changed_at  timestamptz NOT NULL
);
-- The board pages newest first: (created_at, id) is the page order.
CREATE INDEX ticket_list_created ON ticket_list (created_at DESC, id DESC);
CREATE INDEX ticket_list_status ON ticket_list (status, created_at DESC, id DESC);
CREATE INDEX ticket_list_customer ON ticket_list (customer_id, created_at DESC);
CREATE INDEX ticket_list_order ON ticket_list (order_id, number);
CREATE INDEX ticket_list_assignee ON ticket_list (assignee_id, created_at DESC);
CREATE INDEX ticket_list_waiting ON ticket_list (created_at DESC)
  WHERE waiting_on_support;

-- Rows per status, changed in the transaction that changes a row's status,
-- so the board's column counts never count the table.
CREATE TABLE ticket_status_counts (
  status text PRIMARY KEY,
  count  bigint NOT NULL CHECK (count >= 0)
);

-- Voided tickets, so an old `opened` offered again cannot bring one back,
-- and the backfill leaves their orders alone.
CREATE TABLE ticket_list_voided (
  id        text PRIMARY KEY,
  order_id  text NOT NULL,
  version   bigint NOT NULL
);
CREATE INDEX ticket_list_voided_order ON ticket_list_voided (order_id);
