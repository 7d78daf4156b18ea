#include "http/routes.hpp"

#include <charconv>

#include "actors/runtime/json_writer.hpp"
#include "http/response.hpp"

namespace souk {

expected<page, http_response> read_page(const request& req) {
  page p;
  for (auto [name, field] :
       {std::pair{"limit", &page::limit}, std::pair{"offset", &page::offset}}) {
    auto text = req.query_param(name);
    if (!text)
      continue;
    std::int64_t v = 0;
    auto [end, ec]
      = std::from_chars(text->data(), text->data() + text->size(), v);
    // Bounded, so offset + limit cannot overflow.
    if (ec != std::errc{} || end != text->data() + text->size() || v < 0
        || v > 1'000'000'000)
      return error_response(http::status::bad_request, "invalid_data",
                            std::string{name}
                              + " must be an integer from 0 to 1000000000");
    p.*field = v;
  }
  return p;
}

void write_page(json_writer& w, std::int64_t count, const page& p) {
  w.key("count").value(count).key("offset").value(p.offset);
  w.key("limit").value(p.limit).end_object();
}

void add_health_routes(router& r) {
  r.add_sync(http::verb::get, "/health", access::anyone(), "Liveness",
             [](request&) {
               return json_response(http::status::ok, R"({"status":"ok"})");
             });
}

void add_runtime_routes(router& r, services& ctx, std::int64_t migrations,
                        std::shared_ptr<const std::string> description,
                        std::function<std::string()> metrics) {
  add_health_routes(r);
  // Ready: the database answers and has every migration this binary knows.
  r.add(http::verb::get, "/health/ready", access::anyone(),
        "Readiness: database reachable, migrated",
        [&ctx, migrations](request_ptr, responder res) {
          ctx.db.run(
            [res, migrations](db_handles& h) {
              auto applied = h.accounts.applied_migrations();
              if (!applied)
                return res(error_response(http::status::service_unavailable,
                                          "unexpected_state",
                                          "the database is not reachable"));
              if (*applied < migrations)
                return res(error_response(http::status::service_unavailable,
                                          "unexpected_state",
                                          "migrations are not all applied"));
              res(json_response(http::status::ok, R"({"status":"ready"})"));
            },
            res);
        });
  r.add_sync(http::verb::get, "/openapi.json", access::anyone(),
             "This document", [description](request&) {
               return json_response(http::status::ok, *description);
             });
  r.add(http::verb::get, "/metrics", access::operators(), "Prometheus metrics",
        [&ctx, metrics](request_ptr, responder res) {
          ctx.db.run(
            [metrics, res](db_handles&) {
              http_response out{http::status::ok, 11};
              out.set(http::field::content_type, "text/plain; version=0.0.4");
              out.body() = metrics();
              out.prepare_payload();
              res(std::move(out));
            },
            res);
        });
}

} // namespace souk
