// Live updates over GET /ws on a real souk, with real sockets: who is told
// what, in which order; replay after a reconnect; refusals; slow clients;
// stopping. And the protocol's frames, parsed directly.
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "actors/runtime/units.hpp"
#include "http/live_protocol.hpp"
#include "http/server_app.hpp"
#include "http/tokens.hpp"
#include "persistence/postgres.hpp"
#include "tests/support/shop_client.hpp"
#include "tests/support/souk_suite.hpp"
#include "tests/support/ws_client.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;
using test::field;
using test::position_of;
using test::text;
using test::ws_client;

// -- the protocol, pure --

TEST(LiveProtocol, TopicsAreAKindAndOptionallyOneId) {
  EXPECT_EQ(live::parse_topic("tickets")->text(), "tickets");
  EXPECT_EQ(live::parse_topic("orders:order_01")->id, "order_01");
  EXPECT_EQ(live::parse_topic("tickets:tkt_1")->what,
            live::topic::kind::tickets);
  for (std::string bad :
       {std::string{}, std::string{"ticket"}, std::string{"tickets:"},
        std::string{"tickets:a b"}, std::string{"tickets:a:b"},
        std::string{"carts"}, std::string{"orders:../x"},
        "tickets:" + std::string(300, 'a')})
    EXPECT_FALSE(live::parse_topic(bad)) << bad;
}

TEST(LiveProtocol, ClientFramesParseIntoValuesAndAnythingElseIsABadFrame) {
  auto s = live::parse_client_frame(
    R"({"type":"subscribe","topics":["tickets","orders:o1"],"since":42})");
  ASSERT_TRUE(std::holds_alternative<live::subscribe_frame>(s));
  auto& sub = std::get<live::subscribe_frame>(s);
  EXPECT_EQ(sub.topics, (std::vector<std::string>{"tickets", "orders:o1"}));
  EXPECT_EQ(sub.since, 42);
  auto a = live::parse_client_frame(
    R"({"type":"auth","token":"t","publishable_key":"pk"})");
  ASSERT_TRUE(std::holds_alternative<live::auth_frame>(a));
  EXPECT_EQ(std::get<live::auth_frame>(a).publishable_key, "pk");
  EXPECT_TRUE(std::holds_alternative<live::ping_frame>(
    live::parse_client_frame(R"({"type":"ping"})")));
  EXPECT_TRUE(std::holds_alternative<live::unsubscribe_frame>(
    live::parse_client_frame(R"({"type":"unsubscribe","topics":["x"]})")));
  std::string many = R"({"type":"subscribe","topics":[)";
  for (int i = 0; i < 65; ++i)
    many += std::string{i ? "," : ""} + "\"tickets\"";
  many += "]}";
  for (auto bad :
       {"", "nope", "[]", R"({"type":1})", R"({"type":"auth"})",
        R"({"type":"subscribe"})", R"({"type":"subscribe","topics":[]})",
        R"({"type":"subscribe","topics":[1]})",
        R"({"type":"subscribe","topics":["tickets"],"since":-1})",
        R"({"type":"subscribe","topics":["tickets"],"since":"1"})",
        R"({"type":"shout"})", many.c_str()}) {
    auto f = live::parse_client_frame(bad);
    ASSERT_TRUE(std::holds_alternative<live::bad_frame>(f)) << bad;
    EXPECT_FALSE(std::get<live::bad_frame>(f).message.empty());
  }
}

// -- a real souk --

class Live : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    config cfg;
    cfg.live.replay_window = 200;
    cfg.live.queue_frames = 64; // a replay of more must still go out whole
    cfg.live.queue_bytes = 256 * 1024;
    cfg.http.cors_origins = {"https://shop.example"};
    start_souk(cfg);
    for (auto& [_, variants] : demo->products)
      for (auto& v : variants)
        ASSERT_TRUE(app->set_stock(v, 100000000));
    test::shop_client a{app->port(), demo->publishable_key};
    a.sign_in("user", demo->admin_email, demo->admin_password);
    admin_token = a.token;
    test::shop_client c{app->port(), demo->publishable_key};
    c.become_customer("live-alice@example.com");
    alice_token = c.token;
    test::shop_client b{app->port(), demo->publishable_key};
    b.become_customer("live-bob@example.com");
    bob_token = b.token;
  }

  Live()
    : admin(app->port(), demo->publishable_key),
      alice(app->port(), demo->publishable_key),
      bob(app->port(), demo->publishable_key) {
    admin.token = admin_token;
    alice.token = alice_token;
    bob.token = bob_token;
  }

  static inline std::string admin_token, alice_token, bob_token;

  // A socket signed in with `token` (a customer's with the demo key).
  std::unique_ptr<ws_client> connect(const std::string& token,
                                     bool customer = true) {
    auto ws = std::make_unique<ws_client>(app->port());
    auto ready = ws->auth(token, customer ? demo->publishable_key : "");
    EXPECT_TRUE(ready) << "no answer to auth";
    if (ready) {
      EXPECT_EQ(field(*ready, "type"), "ready") << *ready;
    }
    return ws;
  }

  // Subscribes and returns the position the topics are live after.
  std::int64_t subscribe(ws_client& ws, const std::string& topics,
                         std::optional<std::int64_t> since = {}) {
    std::string frame = R"({"type":"subscribe","topics":[)" + topics + "]";
    if (since)
      frame += ",\"since\":" + std::to_string(*since);
    ws.send(frame + "}");
    auto ok = ws.read();
    EXPECT_TRUE(ok);
    if (!ok)
      return -1;
    EXPECT_EQ(field(*ok, "type"), "subscribed") << *ok;
    return position_of(*ok);
  }

  // Frames until one of `type` (bounded); those before it are kept too.
  std::vector<std::string> until(ws_client& ws, const std::string& type,
                                 std::chrono::milliseconds timeout = 10s) {
    std::vector<std::string> out;
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      auto f = ws.read(std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now()));
      if (!f)
        break;
      out.push_back(*f);
      if (field(*f, "type") == type)
        break;
    }
    return out;
  }

  std::string order_for(test::shop_client& c) {
    auto id
      = c.place_order({demo->products[0].second[0]}, demo->shipping_option_id);
    EXPECT_FALSE(id.empty()) << c.bodies.back();
    return id;
  }

  // The id of the one ticket of `order` (bounded wait for the workflow).
  std::string ticket_of(const std::string& order) {
    for (int i = 0; i < 300; ++i) {
      auto [s, b] = admin.call(verb::get, "/admin/tickets?order_id=" + order);
      if (s == http::status::ok && b["count"].get_int64().value_unsafe() == 1)
        return text(b["tickets"].at(0)["id"]);
      std::this_thread::sleep_for(20ms);
    }
    return {};
  }

  void note(test::shop_client& c, const std::string& scope,
            const std::string& ticket, const std::string& body) {
    auto [s, b]
      = c.call(verb::post, "/" + scope + "/tickets/" + ticket + "/notes", body);
    ASSERT_EQ(s, http::status::ok) << c.bodies.back();
  }

  test::shop_client admin, alice, bob;
};

TEST_F(Live, ChangesReachSupportAndTheOwnerInCommitOrderAndNoOneElse) {
  auto a = connect(admin_token, false);
  auto al = connect(alice_token);
  auto b = connect(bob_token);
  auto from = subscribe(*a, R"("tickets")");
  EXPECT_GE(subscribe(*al, R"("tickets")"), 0);
  EXPECT_GE(subscribe(*b, R"("tickets")"), 0);
  // A ticket opened by the workflow after checkout is pushed like any.
  auto ticket = ticket_of(order_for(alice));
  ASSERT_FALSE(ticket.empty());
  auto [s1, m1] = admin.call(verb::post, "/admin/tickets/" + ticket + "/status",
                             R"({"status":"designing_artwork"})");
  ASSERT_EQ(s1, http::status::ok) << admin.bodies.back();
  auto [s2, m2] = alice.call(verb::post, "/store/tickets/" + ticket + "/brief",
                             R"({"text":"Blue logo on the lid"})");
  ASSERT_EQ(s2, http::status::ok) << alice.bodies.back();
  note(admin, "admin", ticket, R"({"text":"Looks good, proof soon"})");
  note(admin, "admin", ticket,
       R"({"text":"SECRET margin note","internal":true})");
  note(admin, "admin", ticket, R"({"text":"last public"})");
  auto expect = [&](ws_client& ws, std::size_t n, const char* who) {
    std::vector<std::string> got;
    for (std::size_t i = 0; i < n; ++i)
      if (auto f = ws.read())
        got.push_back(*f);
    EXPECT_EQ(got.size(), n) << who;
    std::int64_t last = from;
    for (auto& f : got) {
      EXPECT_EQ(field(f, "topic"), "tickets") << f;
      EXPECT_GT(position_of(f), last) << who << ": in commit order";
      last = position_of(f);
    }
    return got;
  };
  // Support: opened, moved, brief, note, internal note, note.
  auto seen = expect(*a, 6, "admin");
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(field(seen[0], "type"), "ticket.created");
  for (std::size_t i = 1; i < seen.size(); ++i)
    EXPECT_EQ(field(seen[i], "type"), "ticket.updated") << seen[i];
  EXPECT_NE(seen[1].find(R"("status":"designing_artwork")"), std::string::npos);
  EXPECT_NE(seen[2].find("Blue logo on the lid"), std::string::npos);
  EXPECT_NE(seen[4].find("SECRET margin note"), std::string::npos);
  // The owner: the same but the internal note, which never reaches her.
  auto hers = expect(*al, 5, "alice");
  ASSERT_EQ(hers.size(), 5u);
  EXPECT_EQ(field(hers[0], "type"), "ticket.created");
  EXPECT_NE(hers[3].find("Looks good, proof soon"), std::string::npos);
  EXPECT_NE(hers[4].find("last public"), std::string::npos);
  for (auto& f : hers)
    EXPECT_EQ(f.find("SECRET"), std::string::npos) << f;
  EXPECT_FALSE(al->read(300ms)) << "nothing more for the owner";
  // Exactly the REST copy for that client.
  auto [sg, got] = alice.call(verb::get, "/store/tickets/" + ticket);
  ASSERT_EQ(sg, http::status::ok);
  auto rest = alice.bodies.back();
  auto data = hers[4].substr(hers[4].find("\"data\":") + 7);
  data.pop_back(); // the push's closing brace
  EXPECT_EQ("{\"ticket\":" + data + "}", rest);
  EXPECT_FALSE(b->read(300ms)) << "another customer hears nothing";
}

TEST_F(Live, OrdersArePushedToSupportAndTheirOwnerOnly) {
  auto a = connect(admin_token, false);
  auto al = connect(alice_token);
  auto b = connect(bob_token);
  subscribe(*a, R"("orders")");
  subscribe(*al, R"("orders")");
  subscribe(*b, R"("orders")");
  auto order = order_for(alice);
  auto mine = until(*al, "order.placed");
  ASSERT_FALSE(mine.empty());
  EXPECT_EQ(field(mine.back(), "type"), "order.placed");
  EXPECT_NE(mine.back().find(order), std::string::npos);
  auto theirs = until(*a, "order.placed");
  ASSERT_FALSE(theirs.empty());
  EXPECT_EQ(field(theirs.back(), "type"), "order.placed");
  // Each as their REST GET shows it: support's with the members modules
  // add to GET /admin/orders/:id (its tickets), the customer's without.
  EXPECT_NE(theirs.back().find("\"tickets\":["), std::string::npos)
    << theirs.back();
  EXPECT_EQ(mine.back().find("\"tickets\":"), std::string::npos);
  EXPECT_FALSE(b->read(300ms)) << "bob hears nothing of alice's order";
  // One order of hers, followed by id: Bob may not.
  al->send(R"({"type":"subscribe","topics":["orders:)" + order + "\"]}");
  auto confirmed = until(*al, "subscribed");
  ASSERT_FALSE(confirmed.empty());
  EXPECT_EQ(field(confirmed.back(), "type"), "subscribed");
  b->send(R"({"type":"subscribe","topics":["orders:)" + order + "\"]}");
  auto refused = b->read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(field(*refused, "type"), "error") << *refused;
  EXPECT_EQ(field(*refused, "code"), "forbidden");
  EXPECT_EQ(field(*refused, "topic"), "orders:" + order);
}

TEST_F(Live, RefusedTopicsAndBadFramesGetAnErrorAndTheConnectionStays) {
  auto ticket = ticket_of(order_for(alice));
  auto b = connect(bob_token);
  auto ask = [&](const std::string& frame) {
    b->send(frame);
    auto f = b->read();
    return f ? *f : std::string{};
  };
  auto f = ask(R"({"type":"subscribe","topics":["tickets:)" + ticket + "\"]}");
  EXPECT_EQ(field(f, "code"), "forbidden") << f;
  // Unknown ids answer as another's: nothing learnt.
  f = ask(R"({"type":"subscribe","topics":["tickets:tkt_nope"]})");
  EXPECT_EQ(field(f, "code"), "forbidden") << f;
  f = ask(R"({"type":"subscribe","topics":["carts"]})");
  EXPECT_EQ(field(f, "code"), "invalid") << f;
  f = ask("{not json");
  EXPECT_EQ(field(f, "type"), "error") << f;
  EXPECT_EQ(field(f, "code"), "invalid");
  b->send_binary("\x01\x02");
  f = b->read().value_or("");
  EXPECT_EQ(field(f, "code"), "invalid") << f;
  EXPECT_EQ(field(ask(R"({"type":"ping"})"), "type"), "pong");
  // Her own ticket by id: she may.
  auto al = connect(alice_token);
  EXPECT_GE(subscribe(*al, "\"tickets:" + ticket + "\""), 0);
  // An admin may follow any that exists.
  auto a = connect(admin_token, false);
  EXPECT_GE(subscribe(*a, "\"tickets:" + ticket + "\""), 0);
  a->send(R"({"type":"subscribe","topics":["tickets:tkt_nope"]})");
  EXPECT_EQ(field(a->read().value_or(""), "code"), "invalid");
}

TEST_F(Live, RepeatedAbuseAndOversizedFramesCloseTheSocket) {
  auto b = connect(bob_token);
  for (int i = 0; i < 10; ++i)
    b->send("garbage");
  for (int i = 0; i < 20 && b->read(2s); ++i) {
  }
  EXPECT_TRUE(b->closed());
  EXPECT_EQ(b->close_code(), 1008) << b->close_reason();
  auto big = connect(bob_token);
  big->send(R"({"type":"ping","pad":")" + std::string(70 * 1024, 'x') + "\"}");
  EXPECT_FALSE(big->read());
  EXPECT_TRUE(big->closed());
  EXPECT_EQ(big->close_code(), 1009) << big->close_reason();
}

TEST_F(Live, WithoutAValidTokenInTimeTheSocketClosesWith4401) {
  auto closes = [&](ws_client& ws, const char* why) {
    for (int i = 0; i < 5 && ws.read(7s); ++i) {
    }
    EXPECT_TRUE(ws.closed()) << why;
    EXPECT_EQ(ws.close_code(), 4401) << why << ": " << ws.close_reason();
  };
  {
    ws_client silent{app->port()};
    closes(silent, "no auth frame");
  }
  {
    ws_client wrong{app->port()};
    wrong.auth("not.a.token", demo->publishable_key);
    closes(wrong, "garbage token");
  }
  token_claims claims{"customer",      "cus_x",         "",
                      "x@example.com", now_ms() / 1000, now_ms() / 1000 + 3600,
                      now_ms() / 1000};
  {
    ws_client forged{app->port()};
    forged.auth(issue_token(claims, std::string(40, 'z')),
                demo->publishable_key);
    closes(forged, "signed with another secret");
  }
  {
    auto expired = claims;
    expired.exp = now_ms() / 1000 - 10;
    ws_client late{app->port()};
    late.auth(issue_token(expired, app->svc().auth_secret),
              demo->publishable_key);
    closes(late, "expired");
  }
  {
    ws_client nokey{app->port()};
    nokey.auth(alice_token);
    closes(nokey, "a customer without a publishable key");
  }
  {
    // Valid now, expiring while connected.
    auto brief = claims;
    brief.exp = now_ms() / 1000 + 2;
    ws_client soon{app->port()};
    auto ready = soon.auth(issue_token(brief, app->svc().auth_secret),
                           demo->publishable_key);
    ASSERT_TRUE(ready);
    EXPECT_EQ(field(*ready, "type"), "ready");
    closes(soon, "token expired while connected");
    EXPECT_EQ(soon.close_reason(), "token expired");
  }
  {
    // A bearer header on the upgrade (server-side clients).
    ws_client header{app->port(), {{"authorization", "Bearer " + admin_token}}};
    auto ready = header.read();
    ASSERT_TRUE(ready);
    EXPECT_EQ(*ready, R"({"type":"ready","actor":"admin"})");
  }
}

TEST_F(Live, OneCustomerMayHoldThirtyTwoSocketsAndNoMore) {
  std::this_thread::sleep_for(300ms); // earlier tests' sockets are gone
  std::vector<std::unique_ptr<ws_client>> held;
  for (int i = 0; i < 32; ++i)
    held.push_back(connect(bob_token));
  for (auto& ws : held)
    EXPECT_FALSE(ws->closed());
  ws_client extra{app->port()};
  auto answer = extra.auth(bob_token, demo->publishable_key);
  EXPECT_FALSE(answer) << *answer;
  EXPECT_EQ(extra.close_code(), 1008);
  EXPECT_EQ(extra.close_reason(), "too many live connections");
  // Another viewer is not held to Bob's count.
  auto al = connect(alice_token);
  EXPECT_FALSE(al->closed());
}

TEST_F(Live, ABrowserFromAnotherOriginCannotUpgrade) {
  test::http_client evil{"127.0.0.1", app->port()};
  evil.set_header("upgrade", "websocket");
  evil.set_header("connection", "Upgrade");
  evil.set_header("sec-websocket-version", "13");
  evil.set_header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
  evil.set_header("origin", "https://evil.example");
  auto refused = evil.request(verb::get, "/ws");
  EXPECT_EQ(refused.result(), http::status::forbidden) << refused;
  EXPECT_NE(refused.body().find("This origin may not open a live connection"),
            std::string::npos);
  ws_client allowed{app->port(), {{"origin", "https://shop.example"}}};
  auto ready = allowed.auth(admin_token);
  ASSERT_TRUE(ready);
  EXPECT_EQ(field(*ready, "type"), "ready");
  // And GET /ws without an upgrade says what it is.
  auto [s, b] = admin.call(verb::get, "/ws");
  EXPECT_EQ(s, http::status::upgrade_required);
  EXPECT_EQ(text(b["type"]), "invalid_request");
}

TEST_F(Live, AReconnectWithSinceReplaysEveryMissedChangeOnceThenGoesLive) {
  auto ticket = ticket_of(order_for(alice));
  std::int64_t seen = 0, hers = 0;
  {
    auto a = connect(admin_token, false);
    seen = subscribe(*a, R"("tickets")");
    auto al = connect(alice_token);
    hers = subscribe(*al, "\"tickets:" + ticket + "\"");
  }
  // While away: more changes than the send queue holds (64 frames), most
  // of them internal notes (a public one also starts a mail workflow: more
  // events than the window of 200 would be too far back).
  for (int i = 0; i < 80; ++i)
    note(admin, "admin", ticket,
         R"({"text":"while away )" + std::to_string(i) + "\""
           + (i % 10 != 0 ? R"(,"internal":true)" : "") + "}");
  // A writer that keeps going while the admin comes back.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer{[&] {
    test::shop_client w{app->port(), demo->publishable_key};
    w.token = admin_token;
    for (int i = 0; i < 300 && !stop; ++i, ++written)
      w.call(verb::post, "/admin/tickets/" + ticket + "/notes",
             R"({"text":"during )" + std::to_string(i)
               + R"(","internal":true})");
  }};
  while (written < 5)
    std::this_thread::sleep_for(5ms);
  auto a = connect(admin_token, false);
  auto live_after = subscribe(*a, R"("tickets")", seen);
  while (written < 15)
    std::this_thread::sleep_for(5ms);
  stop = true;
  writer.join();
  pqxx::connection db{conninfo};
  auto positions = [&](std::int64_t after, bool public_only) {
    std::vector<std::int64_t> out;
    auto rows = pqxx::nontransaction{db}.exec_params(
      "SELECT position FROM events WHERE stream_id LIKE 'ticket-%'"
      " AND position > $1 AND NOT ($2 AND"
      " coalesce((data->>'internal')::bool, false))"
      " ORDER BY position",
      after, public_only);
    for (auto row : rows)
      out.push_back(row[0].as<std::int64_t>());
    return out;
  };
  auto expected = positions(seen, false);
  ASSERT_GE(expected.size(), 95u);
  EXPECT_GT(live_after, seen + 80) << "part of it replayed";
  EXPECT_LT(live_after, expected.back()) << "part of it live";
  std::vector<std::int64_t> got;
  while (got.size() < expected.size())
    if (auto f = a->read(5s))
      got.push_back(position_of(*f));
    else
      break;
  EXPECT_EQ(got, expected) << "no gap, no duplicate, in order";
  EXPECT_FALSE(a->read(300ms)) << "nothing twice";
  note(admin, "admin", ticket, R"({"text":"live again"})");
  auto f = a->read();
  ASSERT_TRUE(f);
  EXPECT_NE(f->find("live again"), std::string::npos);
  // The customer's replay: her public changes only.
  auto al = connect(alice_token);
  subscribe(*al, "\"tickets:" + ticket + "\"", hers);
  auto public_ones = positions(hers, true);
  std::vector<std::int64_t> her_got;
  while (her_got.size() < public_ones.size())
    if (auto g = al->read(5s)) {
      EXPECT_EQ(g->find("\"internal\":true"), std::string::npos) << *g;
      her_got.push_back(position_of(*g));
    } else {
      break;
    }
  EXPECT_EQ(her_got, public_ones);
  EXPECT_FALSE(al->read(300ms));
}

TEST_F(Live, AnUnsubscribedTopicPushesNothingMore) {
  auto ticket = ticket_of(order_for(alice));
  auto a = connect(admin_token, false);
  subscribe(*a, "\"tickets:" + ticket + "\"");
  a->send("{\"type\":\"unsubscribe\",\"topics\":[\"tickets:" + ticket + "\"]}");
  auto f = a->read();
  ASSERT_TRUE(f);
  EXPECT_EQ(field(*f, "type"), "unsubscribed") << *f;
  note(admin, "admin", ticket, R"({"text":"nobody listens"})");
  EXPECT_FALSE(a->read(500ms));
}

TEST_F(Live, AnAdminUserDisabledWhileConnectedIsClosed) {
  auto accounts = open_accounts(conninfo);
  auth_identity id{"authid_live_ops", "user", "live-ops@example.com", "x",
                   "user_live_ops"};
  ASSERT_TRUE(accounts->add_user("user_live_ops", id));
  token_claims claims{"user",
                      "user_live_ops",
                      "authid_live_ops",
                      "live-ops@example.com",
                      now_ms() / 1000,
                      now_ms() / 1000 + 3600,
                      now_ms() / 1000};
  auto token = issue_token(claims, app->svc().auth_secret);
  auto ws = connect(token, false);
  subscribe(*ws, R"("tickets")");
  ASSERT_TRUE(accounts->disable_user("live-ops@example.com"));
  // Checked again every 10 s (and remembered 5 s).
  std::optional<std::string> f;
  while ((f = ws->read(20s))) {
  }
  EXPECT_TRUE(ws->closed());
  EXPECT_EQ(ws->close_code(), 4401) << ws->close_reason();
  // And a disabled one is not let in.
  ws_client again{app->port()};
  again.auth(token);
  for (int i = 0; i < 3 && again.read(7s); ++i) {
  }
  EXPECT_EQ(again.close_code(), 4401);
}

TEST_F(Live, ASinceOutsideTheWindowAsksForAResync) {
  std::int64_t head = 0;
  for (int i = 0; i < 20; ++i) { // more events than the window of 200
    auto probe = connect(admin_token, false);
    head = subscribe(*probe, R"("orders")");
    if (head > 200)
      break;
    order_for(alice);
  }
  ASSERT_GT(head, 200) << "needs more events than the window";
  for (auto since : {std::int64_t{0}, head + 1000}) {
    auto a = connect(admin_token, false);
    a->send(R"({"type":"subscribe","topics":["tickets"],"since":)"
            + std::to_string(since) + "}");
    auto got = until(*a, "resync");
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(field(got.front(), "type"), "subscribed");
    EXPECT_EQ(field(got.back(), "type"), "resync") << "since " << since;
    EXPECT_NE(field(got.back(), "message").find("reload over REST"),
              std::string::npos);
  }
}

TEST_F(Live, AClientThatNeverReadsIsClosedAndOthersKeepReceiving) {
  auto dropped = [&] {
    test::http_client http{"127.0.0.1", app->port()};
    auto metrics = http.request(verb::get, "/metrics").body();
    auto at = metrics.find("\nsouk_live_dropped_total ");
    return at == std::string::npos ? -1 : std::stoi(metrics.substr(at + 25));
  };
  auto before = dropped();
  auto ticket = ticket_of(order_for(alice));
  auto reader = connect(admin_token, false);
  subscribe(*reader, "\"tickets:" + ticket + "\"");
  // Subscribed, then never reads again.
  auto stuck = connect(admin_token, false);
  subscribe(*stuck, "\"tickets:" + ticket + "\"");
  std::string text_5k(5000, 'n');
  int sent = 0;
  for (; sent < 80; ++sent) {
    note(admin, "admin", ticket, R"({"text":")" + text_5k + "\"}");
    auto f = reader->read();
    ASSERT_TRUE(f) << "the reading client got push " << sent;
  }
  EXPECT_EQ(dropped(), before + 1) << "the one that never read";
  // The one that never read is gone: its pushes stopped.
  int frames = 0;
  while (stuck->read(2s))
    ++frames;
  EXPECT_TRUE(stuck->closed());
  EXPECT_LT(frames, sent);
}

TEST(LiveStop, StoppingTheServerClosesLiveConnectionsWith1001) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  config cfg;
  cfg.http.port = 0;
  auto app = server_app::start(cfg, conninfo, souk_modules());
  ASSERT_TRUE(app) << app.error();
  auto demo = (*app)->seed_demo();
  ASSERT_TRUE(demo) << demo.error();
  test::shop_client a{(*app)->port(), demo->publishable_key};
  a.sign_in("user", demo->admin_email, demo->admin_password);
  ws_client ws{(*app)->port(), {{"authorization", "Bearer " + a.token}}};
  ASSERT_TRUE(ws.read());
  app->reset(); // the close frame waits in the socket
  EXPECT_FALSE(ws.read(10s));
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1001) << ws.close_reason();
}

} // namespace
} // namespace souk
