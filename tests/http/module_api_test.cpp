// A module written the way a shop writes one, from this file alone: an
// entity with one command, one route, one subscriber, one migration and a
// metric, served next to souk's own modules and driven over HTTP. If the
// module API stops being enough to write this, this file stops compiling.
#include <atomic>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <simdjson.h>

#include "actors/cart/cart_entity.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/ownership.hpp"
#include "http/server_app.hpp"
#include "http/tokens.hpp"
#include "persistence/pg_connect.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk::notes {

// -- the domain: pure rules --

/// Pins a note to a board; the first note makes the board its writer's.
struct add_note {
  std::string text;
  std::string customer_id; // "" for a guest
  std::string by;
};

struct read_board {};

using note_command = std::variant<add_note, read_board>;

/// The one event, under its one persisted name.
inline constexpr const char* note_added_name = "note.added.v1";

struct note_added {
  std::string text;
  std::string customer_id;
};

struct note_state {
  std::int64_t version = 0;
  std::string customer_id; // the board's owner
  std::vector<std::string> texts;
};

using note_decision = expected<std::vector<note_added>, domain_error>;

struct note_domain : without_snapshots<note_state> {
  using state_type = note_state;
  using command_type = note_command;
  using event_type = note_added;
  static constexpr const char* kind = "note";

  static std::string stream(const std::string& id) { return "note-" + id; }

  static note_decision decide(const note_state& s, const note_command& c) {
    if (std::holds_alternative<read_board>(c)) {
      if (s.version == 0)
        return domain_error{domain_errc::not_found, "no such board"};
      return std::vector<note_added>{};
    }
    auto& add = std::get<add_note>(c);
    if (s.version > 0 && add.customer_id != s.customer_id)
      return domain_error{domain_errc::not_found, "no such board"};
    if (add.text.empty())
      return domain_error{domain_errc::invalid_argument, "a note needs text"};
    if (s.texts.size() >= 3)
      return domain_error{domain_errc::illegal_transition,
                          "a board holds three notes"};
    return std::vector<note_added>{{add.text, add.customer_id}};
  }

  static note_state evolve(note_state s, const note_added& e) {
    if (s.version++ == 0)
      s.customer_id = e.customer_id;
    s.texts.push_back(e.text);
    return s;
  }

  static new_event encode(const note_added& e) {
    json_writer w;
    w.begin_object().key("text").value(e.text);
    w.key("customer_id").value(e.customer_id).end_object();
    return {note_added_name, w.take(), {}, {}};
  }

  static const event_codec<note_added>& codec() {
    static const auto c = [] {
      event_codec<note_added> c;
      c.add(
        note_added_name,
        [](simdjson::ondemand::object& o) -> expected<note_added, std::string> {
          std::string_view text, customer;
          if (o["text"].get_string().get(text)
              || o["customer_id"].get_string().get(customer))
            return std::string{"no text or customer_id"};
          return note_added{std::string{text}, std::string{customer}};
        });
      return c;
    }();
    return c;
  }
};

std::string board_missing(const std::string& id) {
  return "Note board " + id + " was not found";
}

} // namespace souk::notes

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::notes::note_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::entity_reply<souk::notes::note_domain>)

namespace souk::notes {

// -- the module: everything it adds, in one place --

std::atomic<int> seen{0};

http_response board_json(const std::string& id, const note_state& s) {
  json_writer w;
  w.begin_object().key("note_board").begin_object();
  w.key("id").value(id).key("count").value(
    static_cast<std::int64_t>(s.texts.size()));
  w.end_object().end_object();
  return json_response(http::status::ok, w.take());
}

void add_note_route(services& ctx, request_ptr req, responder respond) {
  std::string note;
  if (auto bad = read_body(req->raw.body(), {{"text", text(note, 200)}}))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  auto id = req->param("id");
  call_entity(
    ctx.entities<note_domain>(), id,
    add_note{note, req->who.actor_id, actor_of(*req)}, respond,
    [id](const note_state& s) { return board_json(id, s); }, board_missing(id));
}

// The module's read model, behind its own port: one per db-pool thread.
class notes_log {
public:
  explicit notes_log(const std::string& conninfo)
    : conn_(pg_connect(conninfo)) {
    // nop
  }

  std::vector<std::string> bodies(const std::string& board) {
    pqxx::nontransaction tx{*conn_};
    std::vector<std::string> out;
    for (auto row : tx.exec_params(
           "SELECT body FROM module_notes WHERE board = $1 ORDER BY body",
           note_domain::stream(board)))
      out.push_back(row[0].as<std::string>());
    return out;
  }

private:
  std::unique_ptr<pqxx::connection> conn_;
};

// The log as the subscriber wrote it (blocking: on the db pool).
void get_log(services& ctx, request_ptr req, responder respond) {
  ctx.db.run(
    [id = req->param("id"), respond](db_handles& h) {
      auto& log = h.port<notes_log>(
        [](const std::string& c) { return std::make_unique<notes_log>(c); });
      json_writer w;
      w.begin_object().key("notes").begin_array();
      for (auto& body : log.bodies(id))
        w.value(body);
      w.end_array().end_object();
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

// The gate let only the board's owner in.
void get_board(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  call_entity(
    ctx.entities<note_domain>(), id, read_board{}, respond,
    [id](const note_state& s) { return board_json(id, s); }, board_missing(id));
}

module notes_module() {
  return {
    "notes",
    {{"0001_notes.sql", "CREATE TABLE module_notes ("
                        "  event_id text PRIMARY KEY,"
                        "  board text NOT NULL,"
                        "  body text NOT NULL)"}},
    [](module_context& m) {
      auto boards = m.entity<note_domain>();
      m.owner("note-board",
              entity_owner(boards, note_command{read_board{}}, board_missing));
      // A read model of its own, in its own table: idempotent by the
      // event's id (at-least-once delivery).
      auto conn = std::make_shared<std::unique_ptr<pqxx::connection>>();
      m.subscriber({"notes-log",
                    {note_added_name},
                    "note-",
                    [conninfo = m.conninfo(), conn](const recorded_event& ev) {
                      if (!*conn || !(*conn)->is_open())
                        *conn = pg_connect(conninfo);
                      auto text = note_domain::codec().decode(ev);
                      pqxx::work tx{**conn};
                      tx.exec_params(
                        "INSERT INTO module_notes VALUES ($1, $2, $3)"
                        " ON CONFLICT DO NOTHING",
                        ev.event_id, ev.stream_id, text ? text->text : "");
                      tx.commit();
                      ++seen;
                    }});
      m.metrics([] {
        return "# HELP souk_notes_seen_total Notes logged.\n"
               "# TYPE souk_notes_seen_total counter\n"
               "souk_notes_seen_total "
               + std::to_string(seen.load()) + "\n";
      });
      m.routes().add(
        http::verb::post, "/store/notes/:id", access::store(),
        {"Pin a note to a board", "StorePinNote", "NoteBoardResponse"},
        with_context(m.svc(), add_note_route));
      m.routes().add(http::verb::get, "/store/notes/:id",
                     access::owner_of("note-board", path_param("id")),
                     "A board: its owner only (a guest's: anyone with "
                     "its id)",
                     with_context(m.svc(), get_board));
      m.routes().add(http::verb::get, "/store/notes/:id/log",
                     access::owner_of("note-board", path_param("id")),
                     "A board's notes, from the module's read model",
                     with_context(m.svc(), get_log));
      // A photo is larger than the 1 MiB a body may be elsewhere.
      m.routes().add_sync(
        http::verb::post, "/store/notes/:id/photo", access::store(),
        route_doc{"Attach a photo to a board"}.with_max_body(2 * 1024 * 1024),
        [](request& req) {
          return json_response(
            http::status::ok,
            "{\"bytes\":" + std::to_string(req.raw.body().size()) + "}");
        });
    }};
}

// -- the tests --

std::vector<module> with_notes() {
  auto all = souk_modules();
  all.push_back(notes_module());
  return all;
}

class ModuleApi : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    conninfo = test::test_cluster::instance().fresh_database();
    config cfg;
    cfg.http.port = 0;
    cfg.auth_secret = secret;
    auto started = server_app::start(cfg, conninfo, with_notes());
    ASSERT_TRUE(started) << started.error();
    app = std::move(*started).release();
    auto seeded = app->seed_demo();
    ASSERT_TRUE(seeded) << seeded.error();
    key = seeded->publishable_key;
  }

  static void TearDownTestSuite() {
    delete app;
    app = nullptr;
  }

  // A storefront's client: it sends the publishable key.
  static void as_store(test::http_client& c) {
    c.set_header("x-publishable-api-key", key);
  }

  static std::int64_t rows(const std::string& board) {
    auto c = pg_connect(conninfo);
    pqxx::nontransaction tx{*c};
    return tx
      .exec_params1("SELECT count(*) FROM module_notes WHERE board = $1",
                    board)[0]
      .as<std::int64_t>();
  }

  // A signed-in customer's token.
  static std::string token_of(const std::string& customer_id) {
    auto now = now_ms() / 1000;
    return issue_token({"customer", customer_id, "authid_" + customer_id,
                        customer_id + "@example.com", now, now + 3600, now},
                       secret);
  }

  static inline server_app* app = nullptr;
  static inline std::string conninfo;
  static inline std::string key;
  static inline const std::string secret
    = "module-api-test-secret-0123456789abcdef";
};

TEST_F(ModuleApi, ItsRouteRunsItsEntityBehindTheGate) {
  test::http_client c{"127.0.0.1", app->port()};
  as_store(c);
  auto r = c.request(http::verb::post, "/store/notes/board_1",
                     R"({"text":"proof approved"})");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(r.body(), R"({"note_board":{"id":"board_1","count":1}})");
  r = c.request(http::verb::post, "/store/notes/board_1", R"({"text":"b"})");
  EXPECT_EQ(r.body(), R"({"note_board":{"id":"board_1","count":2}})");
  // Its rules answer through the one error table.
  r = c.request(http::verb::post, "/store/notes/board_1", R"({"text":""})");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_NE(r.body().find("a note needs text"), std::string::npos) << r.body();
  ASSERT_EQ(
    c.request(http::verb::post, "/store/notes/board_1", R"({"text":"c"})")
      .result(),
    http::status::ok);
  r = c.request(http::verb::post, "/store/notes/board_1", R"({"text":"d"})");
  EXPECT_EQ(r.result(), http::status::conflict) << r.body();
  // The strict body reader and the gate are the same as for souk's routes.
  r = c.request(http::verb::post, "/store/notes/board_1", R"({"text":7})");
  EXPECT_EQ(r.result(), http::status::bad_request);
  test::http_client anonymous{"127.0.0.1", app->port()};
  r = anonymous.request(http::verb::post, "/store/notes/board_2",
                        R"({"text":"x"})");
  EXPECT_EQ(r.result(), http::status::bad_request) << r.body();
  EXPECT_NE(r.body().find("Publishable API key required"), std::string::npos);
}

// The server asks the route table how large a body may be before it reads
// one: the module's photo route takes more than the rest.
TEST_F(ModuleApi, ItsRouteWithALargerBodyLimitTakesALargerBody) {
  test::http_client c{"127.0.0.1", app->port()};
  as_store(c);
  std::string photo(1536 * 1024, '\xff');
  auto r = c.request(http::verb::post, "/store/notes/board_9/photo", photo);
  EXPECT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(r.body(), R"({"bytes":1572864})");
  r = c.request(http::verb::post, "/store/notes/board_9", photo);
  EXPECT_EQ(r.result(), http::status::payload_too_large);
  EXPECT_NE(r.body().find("Request body is larger than 1 MiB"),
            std::string::npos)
    << r.body();
}

// Its resource is guarded like souk's own: the gate asks its entity who
// owns a board, and another customer, a guest or a forged token get the
// same 404 as for a board that does not exist.
TEST_F(ModuleApi, ItsOwnerOfRouteLetsOnlyTheOwnerIn) {
  test::http_client ada{"127.0.0.1", app->port()};
  as_store(ada);
  ada.set_header("authorization", "Bearer " + token_of("cus_ada"));
  ASSERT_EQ(ada
              .request(http::verb::post, "/store/notes/board_ada",
                       R"({"text":"artwork v2"})")
              .result(),
            http::status::ok);
  auto mine = ada.request(http::verb::get, "/store/notes/board_ada");
  EXPECT_EQ(mine.result(), http::status::ok) << mine.body();
  EXPECT_EQ(mine.body(), R"({"note_board":{"id":"board_ada","count":1}})");

  test::http_client bob{"127.0.0.1", app->port()};
  as_store(bob);
  bob.set_header("authorization", "Bearer " + token_of("cus_bob"));
  test::http_client guest{"127.0.0.1", app->port()};
  as_store(guest);
  test::http_client forged{"127.0.0.1", app->port()};
  as_store(forged);
  auto claims = *verify_token(token_of("cus_ada"), secret, now_ms() / 1000);
  forged.set_header("authorization",
                    "Bearer " + issue_token(claims, std::string(40, 'x')));
  for (auto* c : {&bob, &guest, &forged}) {
    auto r = c->request(http::verb::get, "/store/notes/board_ada");
    EXPECT_EQ(r.result(), http::status::not_found) << r.body();
    EXPECT_NE(r.body().find("Note board board_ada was not found"),
              std::string::npos)
      << r.body();
    // Nor read its log, nor write to it.
    r = c->request(http::verb::get, "/store/notes/board_ada/log");
    EXPECT_EQ(r.result(), http::status::not_found) << r.body();
    EXPECT_EQ(r.body().find("artwork"), std::string::npos) << r.body();
    r = c->request(http::verb::post, "/store/notes/board_ada",
                   R"({"text":"mine now"})");
    EXPECT_EQ(r.result(), http::status::not_found) << r.body();
  }
  EXPECT_EQ(ada.request(http::verb::get, "/store/notes/board_ada").body(),
            R"({"note_board":{"id":"board_ada","count":1}})");
  // A board nobody made is the same 404.
  EXPECT_EQ(ada.request(http::verb::get, "/store/notes/board_none").result(),
            http::status::not_found);
}

TEST_F(ModuleApi, ItsMigrationRanAndItsSubscriberFillsItsTable) {
  {
    auto c = pg_connect(conninfo);
    pqxx::nontransaction tx{*c};
    EXPECT_EQ(tx.exec_params("SELECT 1 FROM schema_migrations WHERE name = $1",
                             "notes/0001_notes.sql")
                .size(),
              1u);
  }
  test::http_client c{"127.0.0.1", app->port()};
  as_store(c);
  for (auto text : {"one", "two"})
    ASSERT_EQ(c.request(http::verb::post, "/store/notes/board_3",
                        std::string{R"({"text":")"} + text + "\"}")
                .result(),
              http::status::ok);
  for (int i = 0; i < 500 && rows("note-board_3") < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  EXPECT_EQ(rows("note-board_3"), 2);
  // Its route reads them back through its own port on the db pool.
  EXPECT_EQ(c.request(http::verb::get, "/store/notes/board_3/log").body(),
            R"({"notes":["one","two"]})");
}

// What a module appends through the store port is its entity's history:
// the entity and the subscriber see it like any other event.
TEST_F(ModuleApi, ItsEventsGoThroughTheStorePort) {
  auto& store = app->svc().store;
  std::promise<append_result> appended;
  store.append({note_domain::stream("board_imported"),
                no_stream,
                {note_domain::encode({"imported", ""})}},
               [&](append_result r) { appended.set_value(std::move(r)); });
  auto r = appended.get_future().get();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, 1);
  auto events = store.read(note_domain::stream("board_imported"), 1);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, note_added_name);
  // A guest's board: anyone with its id reads it.
  test::http_client c{"127.0.0.1", app->port()};
  as_store(c);
  EXPECT_EQ(c.request(http::verb::get, "/store/notes/board_imported").body(),
            R"({"note_board":{"id":"board_imported","count":1}})");
  for (int i = 0; i < 500 && rows("note-board_imported") < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  EXPECT_EQ(rows("note-board_imported"), 1);
  // An append at a stale version is refused, typed.
  std::promise<append_result> stale;
  store.append({note_domain::stream("board_imported"),
                no_stream,
                {note_domain::encode({"again", ""})}},
               [&](append_result r) { stale.set_value(std::move(r)); });
  auto refused = stale.get_future().get();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, store_errc::version_conflict);
}

TEST_F(ModuleApi, ItsMetricsAndRoutesAreListedWithSouks) {
  test::http_client c{"127.0.0.1", app->port()};
  auto metrics = c.request(http::verb::get, "/metrics").body();
  EXPECT_NE(metrics.find("souk_resident_actors{kind=\"note\"}"),
            std::string::npos);
  EXPECT_NE(
    metrics.find("souk_subscriber_lag_events{subscriber=\"notes-log\"}"),
    std::string::npos);
  EXPECT_NE(metrics.find("souk_notes_seen_total "), std::string::npos);
  EXPECT_NE(metrics.find("souk_resident_actors{kind=\"cart\"}"),
            std::string::npos);
  auto api = c.request(http::verb::get, "/openapi.json").body();
  simdjson::dom::parser parser;
  auto doc = parser.parse(api);
  auto post = doc["paths"]["/store/notes/{id}"]["post"];
  EXPECT_EQ(std::string_view(post["summary"]), "Pin a note to a board");
  EXPECT_EQ(std::string_view(post["x-souk-access"]), "store");
  EXPECT_EQ(
    std::string_view(
      post["requestBody"]["content"]["application/json"]["schema"]["$ref"]),
    "#/components/schemas/StorePinNote");
  EXPECT_EQ(std::string_view(post["responses"]["200"]["content"]
                                 ["application/json"]["schema"]["$ref"]),
            "#/components/schemas/NoteBoardResponse");
  EXPECT_FALSE(doc["components"]["schemas"]["NoteBoardResponse"].error());
  EXPECT_EQ(
    std::string_view(doc["paths"]["/store/notes/{id}"]["get"]["x-souk-access"]),
    "owner-of(note-board)");
  bool listed = false;
  for (auto& r : app->routes())
    listed
      = listed
        || (r.pattern == "/store/notes/:id" && to_string(r.rule) == "store");
  EXPECT_TRUE(listed);
}

// A module that is not whole stops the server at start, naming why.
std::string start_error(std::vector<module> modules) {
  config cfg;
  cfg.http.port = 0;
  auto conninfo = test::test_cluster::instance().fresh_database();
  auto started = server_app::start(cfg, conninfo, std::move(modules));
  return started ? std::string{} : started.error();
}

TEST(ModuleApiErrors, AModuleWhoseDependencyIsMissingDoesNotStart) {
  auto why = start_error({cart_module()});
  EXPECT_NE(why.find("module cart"), std::string::npos) << why;
}

TEST(ModuleApiErrors, ARouteOwnedByAnUndeclaredResourceDoesNotStart) {
  auto all = souk_modules();
  all.push_back({"gizmos", {}, [](module_context& m) {
                   m.routes().add(http::verb::get, "/store/gizmos/:id",
                                  access::owner_of("gizmo", path_param("id")),
                                  "A gizmo", [](request_ptr, responder) {});
                 }});
  auto why = start_error(std::move(all));
  EXPECT_NE(why.find("'gizmo'"), std::string::npos) << why;
}

TEST(ModuleApiErrors, TwoSubscribersOfOneNameDoNotStart) {
  auto all = souk_modules();
  all.push_back(
    {"copy", {}, [](module_context& m) {
       m.subscriber({"order-list", {}, "order-", [](const recorded_event&) {}});
     }});
  auto why = start_error(std::move(all));
  EXPECT_NE(why.find("module copy: subscriber name 'order-list'"),
            std::string::npos)
    << why;
}

TEST(ModuleApiErrors, ARouteDeclaredTwiceDoesNotStart) {
  auto all = souk_modules();
  all.push_back({"shadow", {}, [](module_context& m) {
                   m.routes().add(http::verb::get, "/store/carts/:cart",
                                  access::anyone(), "Someone else's cart",
                                  [](request_ptr, responder) {});
                 }});
  auto why = start_error(std::move(all));
  EXPECT_NE(why.find("module shadow: route GET /store/carts/:cart is "
                     "declared twice"),
            std::string::npos)
    << why;
}

TEST(ModuleApiErrors, TwoModulesServingThePagesDoNotStart) {
  auto all = souk_modules();
  for (auto* name : {"pages-a", "pages-b"})
    all.push_back({name, {}, [](module_context& m) {
                     m.routes().fallback(
                       [](const request&, const std::vector<std::string>&) {
                         return std::optional<http_response>{};
                       });
                   }});
  auto why = start_error(std::move(all));
  EXPECT_NE(why.find("module pages-b: the router's fallback (the pages) is "
                     "declared twice"),
            std::string::npos)
    << why;
}

TEST(ModuleApiErrors, AnEntityKindDeclaredTwiceDoesNotStart) {
  auto all = souk_modules();
  all.push_back({"carts-again", {}, [](module_context& m) {
                   m.entity<cart::cart_domain>();
                 }});
  auto why = start_error(std::move(all));
  EXPECT_NE(why.find("entity kind 'cart', which is declared already"),
            std::string::npos)
    << why;
}

// Migrations run in the order the modules are listed, not by name: a
// later module may use an earlier one's table.
TEST(ModuleApiErrors, ModuleMigrationsRunInListOrder) {
  auto all = souk_modules();
  all.push_back({"zeta",
                 {{"0001_a.sql", "CREATE TABLE zeta_boxes (n int)"}},
                 [](module_context&) {}});
  all.push_back({"alpha",
                 {{"0001_b.sql", "INSERT INTO zeta_boxes VALUES (1)"}},
                 [](module_context&) {}});
  EXPECT_EQ(start_error(std::move(all)), "");
}

TEST(ModuleApiErrors, ModulesNeedDistinctPlainNames) {
  auto all = souk_modules();
  all.push_back({"", {}, [](module_context&) {}});
  EXPECT_NE(start_error(all).find("module name ''"), std::string::npos);
  all.back().name = "../x";
  EXPECT_NE(start_error(all).find("module name '../x'"), std::string::npos);
  all.back().name = "cart";
  EXPECT_EQ(start_error(all), "two modules are named 'cart'");
}

TEST(ModuleApiErrors, AFailingMigrationOfAModuleIsNamed) {
  auto all = souk_modules();
  all.push_back(
    {"broken", {{"0001_bad.sql", "CREATE TABLE ("}}, [](module_context&) {}});
  auto why = start_error(std::move(all));
  EXPECT_NE(why.find("broken/0001_bad.sql"), std::string::npos) << why;
}

} // namespace souk::notes
