#include "persistence/pg_order_list.hpp"

#include "actors/order/order_codec.hpp"
#include "actors/order/order_state.hpp"

namespace souk {

namespace {

// The status an event moves the order to ("" for none).
struct status_after {
  std::string operator()(const order::order_placed&) { return "placed"; }
  std::string operator()(const order::payment_authorized&) {
    return "payment_authorized";
  }
  std::string operator()(const order::payment_captured&) {
    return "payment_captured";
  }
  std::string operator()(const order::order_fulfilled&) { return "fulfilled"; }
  std::string operator()(const order::order_shipped&) { return "shipped"; }
  std::string operator()(const order::order_delivered&) { return "delivered"; }
  std::string operator()(const order::order_completed&) { return "completed"; }
  std::string operator()(const order::order_canceled&) { return "canceled"; }
  std::string operator()(const order::order_refunded&) { return ""; }
};

} // namespace

void project_order_event(pqxx::connection& conn, const recorded_event& ev) {
  auto decoded = order::codec().decode(ev);
  if (!decoded)
    throw std::runtime_error(decoded.error().message);
  auto id = ev.stream_id.substr(std::string{"order-"}.size());
  auto at = std::chrono::duration_cast<std::chrono::milliseconds>(
              ev.committed_at.time_since_epoch())
              .count();
  pqxx::nontransaction tx{conn};
  if (auto* placed = std::get_if<order::order_placed>(&*decoded)) {
    tx.exec_params(
      "INSERT INTO order_list (id, display_id, customer_id, email, status,"
      " currency_code, total, created_at, updated_at) VALUES ($1, $2, $3, $4,"
      " 'placed', $5, $6, to_timestamp($7 / 1000.0), to_timestamp($7 / 1000.0))"
      " ON CONFLICT (id) DO NOTHING",
      id, placed->checkout.display_id, placed->customer_id,
      placed->checkout.email, placed->currency_code, placed->total, placed->at);
    return;
  }
  auto status = std::visit(status_after{}, *decoded);
  if (status.empty())
    return;
  tx.exec_params("UPDATE order_list SET status = $2,"
                 " updated_at = to_timestamp($3 / 1000.0) WHERE id = $1",
                 id, status, at);
}

pg_order_list::pg_order_list(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop
}

expected<order_page, store_error> pg_order_list::list(const order_filter& f) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    // NULL parameters switch a condition off.
    std::string where
      = " WHERE ($1::text IS NULL OR customer_id = $1)"
        " AND ($2::text IS NULL OR status = $2)"
        " AND ($3::bigint IS NULL OR created_at >= to_timestamp($3 / 1000.0))"
        " AND ($4::bigint IS NULL OR created_at < to_timestamp($4 / 1000.0))";
    order_page page;
    page.count = tx.exec_params1("SELECT count(*) FROM order_list" + where,
                                 f.customer_id, f.status, f.created_from,
                                 f.created_to)[0]
                   .as<std::int64_t>();
    auto rows = tx.exec_params(
      "SELECT id, display_id, customer_id, email, status, currency_code, total,"
      " (extract(epoch from created_at) * 1000)::bigint FROM order_list"
        + where + " ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6",
      f.customer_id, f.status, f.created_from, f.created_to, f.limit, f.offset);
    for (auto r : rows)
      page.rows.push_back({r[0].as<std::string>(), r[1].as<std::int64_t>(),
                           r[2].as<std::string>(), r[3].as<std::string>(),
                           r[4].as<std::string>(), r[5].as<std::string>(),
                           r[6].as<std::int64_t>(), r[7].as<std::int64_t>()});
    return page;
  });
}

expected<std::int64_t, store_error> pg_order_list::feed_head() {
  return session_.run([](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec1("SELECT coalesce(max(position), 0) FROM events")[0]
      .as<std::int64_t>();
  });
}

} // namespace souk
