#include "persistence/pg_ticket_list.hpp"

#include <algorithm>
#include <stdexcept>

#include "actors/ticket/ticket_codec.hpp"
#include "actors/ticket/ticket_state.hpp"

namespace souk {

namespace {

using namespace ticket;

constexpr std::string_view stream_prefix = "ticket-";

// -- projection --

void count_status(pqxx::work& tx, std::string_view status, int delta) {
  // A decrement finds its row (the row's status was counted); the check
  // on count >= 0 would refuse an upsert's proposed -1 before the conflict.
  if (delta < 0)
    tx.exec_params("UPDATE ticket_status_counts SET count = count + $2"
                   " WHERE status = $1",
                   std::string{status}, delta);
  else
    tx.exec_params("INSERT INTO ticket_status_counts (status, count)"
                   " VALUES ($1, $2) ON CONFLICT (status)"
                   " DO UPDATE SET count = ticket_status_counts.count + $2",
                   std::string{status}, delta);
}

std::string_view note_role(std::string_view by) {
  // A note by the system counts as none, as in `flags_of`.
  auto role = role_of(by);
  return role == author_role::system ? std::string_view{} : to_string(role);
}

// The row of a ticket the event is newer than, locked.
struct current_row {
  std::string status;
  std::string latest_proof_id;
};

// Applies one event other than `opened` to the row it is newer than.
struct row_writer {
  pqxx::work& tx;
  const std::string& id;
  std::int64_t version;
  const current_row& row;

  // Sets `set` (its parameters from $4) and the version and update time.
  template <class... Ts>
  void update(std::int64_t at, const std::string& set, const Ts&... more) {
    tx.exec_params("UPDATE ticket_list SET " + set + (set.empty() ? "" : ", ")
                     + "version = $2, updated_at = to_timestamp($3 / 1000.0)"
                       " WHERE id = $1",
                   id, version, at, more...);
  }

  void operator()(const ticket_opened&) {
    // Applied by `open` before a row exists.
  }
  void operator()(const brief_updated& e) {
    update(e.at, "brief_empty = $4", e.brief.empty());
  }
  void operator()(const note_added& e) {
    if (e.internal)
      update(e.at, "");
    else
      update(e.at, "last_public_note = $4", std::string{note_role(e.by)});
  }
  void operator()(const ticket_moved& e) {
    auto to = std::string{to_string(e.to)};
    update(e.at, "status = $4, status_changed_at = to_timestamp($3 / 1000.0)",
           to);
    if (to != row.status) {
      count_status(tx, row.status, -1);
      count_status(tx, to, +1);
    }
  }
  void operator()(const attachment_added& e) { update(e.at, ""); }
  void operator()(const proof_attached& e) {
    update(e.at, "latest_proof_id = $4, latest_proof = $5", e.file.id,
           std::string{to_string(proof_status::pending)});
  }
  void operator()(const proof_decided& e) {
    // Only a decision on the latest proof changes the flags.
    if (e.proof_id == row.latest_proof_id)
      update(e.at, "latest_proof = $4", std::string{to_string(e.decision)});
    else
      update(e.at, "");
  }
  void operator()(const ticket_assigned& e) {
    update(e.at, "assignee_id = $4", e.to);
  }
  void operator()(const ticket_voided&) {
    // Gone from the list; its tombstone keeps it gone.
    tx.exec_params("WITH gone AS (DELETE FROM ticket_list WHERE id = $1"
                   " RETURNING id, order_id)"
                   " INSERT INTO ticket_list_voided (id, order_id, version)"
                   " SELECT id, order_id, $2 FROM gone"
                   " ON CONFLICT (id) DO NOTHING",
                   id, version);
    count_status(tx, row.status, -1);
  }
};

void open(pqxx::work& tx, const std::string& id, std::int64_t version,
          const ticket_opened& e) {
  auto status = std::string{to_string(ticket_status::brief_received)};
  auto inserted = tx.exec_params(
    "INSERT INTO ticket_list (id, order_id, order_display_id, number,"
    " line_item_id, product_title, variant_title, quantity, customer_id,"
    " customer_email, status, brief_empty, version, created_at, updated_at,"
    " status_changed_at)"
    " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
    " to_timestamp($14 / 1000.0), to_timestamp($14 / 1000.0),"
    " to_timestamp($14 / 1000.0)"
    " WHERE NOT EXISTS (SELECT 1 FROM ticket_list_voided WHERE id = $1)"
    " ON CONFLICT (id) DO NOTHING",
    id, e.order_id, e.order_display_id, e.number, e.line_item_id,
    e.product_title, e.variant_title, e.quantity, e.customer_id,
    e.customer_email, status, e.brief.empty(), version, e.at);
  if (inserted.affected_rows() == 1)
    count_status(tx, status, +1);
}

// -- reads --

constexpr auto columns
  = "id, order_id, order_display_id, number, line_item_id, product_title,"
    " variant_title, quantity, customer_id, customer_email, status,"
    " assignee_id, brief_empty, latest_proof, last_public_note, version,"
    " (extract(epoch from created_at) * 1000)::bigint,"
    " (extract(epoch from updated_at) * 1000)::bigint,"
    " (extract(epoch from status_changed_at) * 1000)::bigint";

ticket_row to_row(const pqxx::row& r) {
  ticket_row t;
  t.id = r[0].as<std::string>();
  t.order_id = r[1].as<std::string>();
  t.order_display_id = r[2].as<std::int64_t>();
  t.number = r[3].as<std::int64_t>();
  t.line_item_id = r[4].as<std::string>();
  t.product_title = r[5].as<std::string>();
  t.variant_title = r[6].as<std::string>();
  t.quantity = r[7].as<std::int64_t>();
  t.customer_id = r[8].as<std::string>();
  t.customer_email = r[9].as<std::string>();
  t.status = r[10].as<std::string>();
  t.assignee_id = r[11].as<std::string>();
  t.flags.status = parse_status(t.status).value_or(ticket_status::none);
  t.flags.brief_empty = r[12].as<bool>();
  t.flags.latest_proof = parse_proof_status(r[13].as<std::string>());
  auto note = r[14].as<std::string>();
  t.flags.last_public_note = note == "customer"  ? author_role::customer
                             : note == "support" ? author_role::support
                                                 : author_role::system;
  t.version = r[15].as<std::int64_t>();
  t.created_at = r[16].as<std::int64_t>();
  t.updated_at = r[17].as<std::int64_t>();
  t.status_changed_at = r[18].as<std::int64_t>();
  return t;
}

// `q` as an ILIKE pattern that matches it anywhere, taken literally.
std::string contains_pattern(const std::string& q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "%";
}

// Every status of the board, at 0.
std::map<std::string, std::int64_t> zero_counts() {
  std::map<std::string, std::int64_t> out;
  for (auto s :
       {ticket_status::brief_received, ticket_status::designing_artwork,
        ticket_status::fulfilling, ticket_status::delivered})
    out.emplace(std::string{to_string(s)}, 0);
  return out;
}

} // namespace

void project_ticket_event(pqxx::connection& conn, const recorded_event& ev) {
  if (!ev.stream_id.starts_with(stream_prefix))
    throw std::runtime_error("ticket list: not a ticket stream: '"
                             + ev.stream_id + "'");
  auto decoded = ticket::codec().decode(ev);
  if (!decoded)
    throw std::runtime_error(decoded.error().message);
  auto id = ev.stream_id.substr(stream_prefix.size());
  pqxx::work tx{conn};
  if (auto* opened = std::get_if<ticket_opened>(&*decoded)) {
    open(tx, id, ev.version, *opened);
    tx.commit();
    return;
  }
  // The row lock orders this against any other writer of the row; a row
  // at this version or later has the event already.
  auto found = tx.exec_params("SELECT status, latest_proof_id FROM ticket_list"
                              " WHERE id = $1 AND version < $2 FOR UPDATE",
                              id, ev.version);
  if (found.empty())
    return; // rolls back: nothing was written
  current_row row{found[0][0].as<std::string>(), found[0][1].as<std::string>()};
  std::visit(row_writer{tx, id, ev.version, row}, *decoded);
  tx.commit();
}

pg_ticket_list::pg_ticket_list(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop
}

expected<ticket_page, store_error>
pg_ticket_list::list(const ticket_filter& f) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    std::optional<std::string> q;
    if (f.q && !f.q->empty())
      q = contains_pattern(*f.q);
    // NULL parameters switch a condition off (libpqxx's statements are
    // planned with their values, so an unused condition costs nothing).
    std::string where = " WHERE ($1::text IS NULL OR order_id = $1)"
                        " AND ($2::text IS NULL OR customer_id = $2)"
                        " AND ($3::text IS NULL OR assignee_id = $3)"
                        " AND ($4::text IS NULL OR display_id ILIKE $4"
                        " OR product_title ILIKE $4 OR variant_title ILIKE $4"
                        " OR customer_email ILIKE $4)"
                        " AND (NOT $5::boolean OR waiting_on_support)";
    bool only_status = !f.order_id && !f.customer_id && !f.assignee_id && !q
                       && !f.waiting_on_support;
    ticket_page page;
    page.counts = zero_counts();
    // The board's own counts are kept per status; any other filter counts
    // its rows (through the index of its condition).
    auto counted = only_status
                     ? tx.exec("SELECT status, count FROM ticket_status_counts")
                     : tx.exec_params("SELECT status, count(*) FROM ticket_list"
                                        + where + " GROUP BY status",
                                      f.order_id, f.customer_id, f.assignee_id,
                                      q, f.waiting_on_support);
    for (auto r : counted)
      page.counts[r[0].as<std::string>()] = r[1].as<std::int64_t>();
    for (auto& [status, n] : page.counts)
      if (!f.status || status == *f.status)
        page.count += n;
    auto rows = tx.exec_params(
      std::string{"SELECT "} + columns + " FROM ticket_list" + where
        + " AND ($6::text IS NULL OR status = $6)"
          " ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8",
      f.order_id, f.customer_id, f.assignee_id, q, f.waiting_on_support,
      f.status, std::max<std::int64_t>(f.limit, 0),
      std::max<std::int64_t>(f.offset, 0));
    for (auto r : rows)
      page.rows.push_back(to_row(r));
    return page;
  });
}

expected<std::vector<ticket_row>, store_error>
pg_ticket_list::by_order(const std::string& order_id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    std::vector<ticket_row> out;
    for (auto r : tx.exec_params(std::string{"SELECT "} + columns
                                   + " FROM ticket_list WHERE order_id = $1"
                                     " ORDER BY number, id",
                                 order_id))
      out.push_back(to_row(r));
    return out;
  });
}

expected<std::int64_t, store_error> pg_ticket_list::feed_head() {
  return session_.run([](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec1("SELECT coalesce(max(position), 0) FROM events")[0]
      .as<std::int64_t>();
  });
}

expected<std::vector<std::string>, store_error>
pg_ticket_list::orders_without_tickets(std::int64_t limit,
                                       const std::string& starter) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    std::vector<std::string> out;
    for (auto r :
         tx.exec_params("SELECT o.id FROM order_list o"
                        " WHERE NOT EXISTS (SELECT 1 FROM ticket_list t"
                        " WHERE t.order_id = o.id)"
                        " AND NOT EXISTS (SELECT 1 FROM ticket_list_voided v"
                        " WHERE v.order_id = o.id)"
                        // Placed before the starter took over: the later
                        // ones are its (it may be starting them now).
                        " AND EXISTS (SELECT 1 FROM events e"
                        " WHERE e.stream_id = 'order-' || o.id"
                        " AND e.version = 1 AND e.position <= coalesce("
                        " (SELECT position FROM subscriber_checkpoints"
                        " WHERE name = $2),"
                        " (SELECT max(position) FROM events)))"
                        " ORDER BY o.created_at, o.id LIMIT $1",
                        std::max<std::int64_t>(limit, 0), starter))
      out.push_back(r[0].as<std::string>());
    return out;
  });
}

} // namespace souk
