// The tickets module over real HTTP on a real PostgreSQL: tickets opened
// from orders (exactly once, also when the step fails), every move and
// its rules, the brief's window, proofs, files, notes (internal ones never
// reach the customer), assignment, history, lists that read their own
// writes, stale versions, concurrency, and bad input.
#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <simdjson.h>

#include "actors/ticket/ticket_views.hpp"
#include "http/modules/modules.hpp"
#include "http/server_app.hpp"
#include "tests/support/shop_client.hpp"
#include "tests/support/souk_suite.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;

// A PNG and a PDF, as far as their first bytes go.
const std::string png = std::string{"\x89PNG\r\n\x1a\n", 8} + "rest of a png";
const std::string pdf = "%PDF-1.7\n% a proof\n";

using test::text;
using caller = test::shop_client;

class TicketsApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    start_souk();
    plenty_of_stock();
  }

  // Orders of 250 pieces, many of them.
  static void plenty_of_stock() {
    for (auto& [_, variants] : demo->products)
      for (auto& v : variants)
        ASSERT_TRUE(app->set_stock(v, 100000000));
  }

  TicketsApi()
    : admin(app->port(), demo->publishable_key),
      alice(app->port(), demo->publishable_key),
      bob(app->port(), demo->publishable_key),
      nobody(app->port(), demo->publishable_key) {
    // Signed up once per suite: sign-ups from one address are limited.
    if (tokens.empty())
      tokens = {sign_in("user", demo->admin_email, demo->admin_password),
                customer("alice-" + suffix() + "@example.com"),
                customer("bob-" + suffix() + "@example.com")};
    admin.token = tokens[0];
    alice.token = tokens[1];
    bob.token = tokens[2];
  }

  static void TearDownTestSuite() {
    tokens.clear();
    souk_suite::TearDownTestSuite();
  }

  static inline std::vector<std::string> tokens;

  static std::string suffix() {
    static std::atomic<int> n{0};
    return std::to_string(++n);
  }

  std::string sign_in(const std::string& actor, const std::string& email,
                      const std::string& password) {
    caller c{app->port(), demo->publishable_key};
    c.sign_in(actor, email, password);
    EXPECT_FALSE(c.token.empty()) << c.bodies.back();
    return c.token;
  }

  std::string customer(const std::string& email) {
    caller c{app->port(), demo->publishable_key};
    c.become_customer(email);
    return c.token;
  }

  std::string order_for(caller& c, const std::vector<std::string>& variants) {
    auto id = c.place_order(variants, demo->shipping_option_id);
    EXPECT_FALSE(id.empty()) << c.bodies.back();
    return id;
  }

  static std::vector<std::string> three_variants() {
    return {demo->products[0].second[0], demo->products[1].second[0],
            demo->products[2].second[0]};
  }

  // The order's tickets once the workflow opened `n` (it runs after the
  // order is placed: bounded wait), by display id.
  std::vector<std::string> tickets_of(const std::string& order,
                                      std::size_t n = 3) {
    std::vector<std::pair<std::string, std::string>> found;
    for (int i = 0; i < 300; ++i) {
      auto [s, b] = admin.call(verb::get, "/admin/tickets?order_id=" + order);
      found.clear();
      if (s == http::status::ok)
        for (auto t : b["tickets"].get_array())
          found.emplace_back(text(t["display_id"]), text(t["id"]));
      if (found.size() >= n)
        break;
      std::this_thread::sleep_for(20ms);
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> ids;
    for (auto& [_, id] : found)
      ids.push_back(id);
    return ids;
  }

  // One ticket of a fresh order of Alice's.
  std::string alices_ticket() {
    auto order = order_for(alice, {demo->products[0].second[0]});
    auto ids = tickets_of(order, 1);
    EXPECT_EQ(ids.size(), 1u);
    return ids.empty() ? std::string{} : ids[0];
  }

  std::string move(const std::string& /*id*/, const std::string& to,
                   const std::string& extra = "") {
    return R"({"status":")" + to + "\"" + extra + "}";
  }

  // The file rows stored for ticket `id`.
  static int stored_files(const std::string& id) {
    pqxx::connection c{conninfo};
    return pqxx::nontransaction{c}
      .exec_params1("SELECT count(*) FROM ticket_files WHERE ticket_id = $1",
                    id)[0]
      .as<int>();
  }

  std::int64_t version_of(const std::string& id) {
    auto [s, b] = admin.call(verb::get, "/admin/tickets/" + id);
    return s == http::status::ok ? std::int64_t(b["ticket"]["version"]) : -1;
  }

  caller admin, alice, bob, nobody;
};

TEST_F(TicketsApi, AnOrderOfThreeItemsOpensThreeTicketsTheOrderShows) {
  auto order = order_for(alice, three_variants());
  auto ids = tickets_of(order);
  ASSERT_EQ(ids.size(), 3u);
  auto [s, o] = admin.call(verb::get, "/admin/orders/" + order);
  ASSERT_EQ(s, http::status::ok) << admin.bodies.back();
  auto display = std::int64_t(o["order"]["display_id"]);
  auto listed = o["order"]["tickets"].get_array();
  ASSERT_EQ(listed.size(), 3u) << admin.bodies.back();
  for (std::size_t i = 0; i < 3; ++i) {
    auto [st, t] = admin.call(verb::get, "/admin/tickets/" + ids[i]);
    ASSERT_EQ(st, http::status::ok);
    auto ticket = t["ticket"];
    EXPECT_EQ(text(ticket["display_id"]),
              std::to_string(display) + "-" + std::to_string(i + 1));
    EXPECT_EQ(text(ticket["order_id"]), order);
    EXPECT_EQ(std::int64_t(ticket["order_display_id"]), display);
    EXPECT_EQ(text(ticket["status"]), "brief_received");
    EXPECT_EQ(std::int64_t(ticket["quantity"]), 250);
    EXPECT_FALSE(text(ticket["product_title"]).empty());
    EXPECT_FALSE(text(ticket["variant_title"]).empty());
    EXPECT_FALSE(text(ticket["line_item_id"]).empty());
    EXPECT_EQ(std::int64_t(ticket["version"]), 1);
    for (auto field : {"created_at", "updated_at", "status_changed_at"})
      EXPECT_FALSE(text(ticket[field]).empty()) << field;
    EXPECT_TRUE(ticket["assignee_id"].is_null());
    // Support waits for the customer's brief.
    EXPECT_EQ(text(ticket["actions_required"].at(0)["code"]),
              "waiting_on_customer");
  }
  // The workflow ran once and emitted tickets.created with the ids.
  auto [ws, wf] = admin.call(
    verb::get, "/admin/workflows/executions/create-tickets:" + order);
  ASSERT_EQ(ws, http::status::ok) << admin.bodies.back();
  EXPECT_NE(admin.bodies.back().find(ids[0]), std::string::npos);
}

TEST_F(TicketsApi, ACustomerSeesOnlyTheirOwnTicketsAndAnotherCustomersIs404) {
  auto id = alices_ticket();
  auto [s1, mine] = alice.call(verb::get, "/store/tickets");
  ASSERT_EQ(s1, http::status::ok);
  bool found = false;
  for (auto t : mine["tickets"].get_array())
    found = found || text(t["id"]) == id;
  EXPECT_TRUE(found);
  EXPECT_EQ(text(mine["tickets"].at(0)["actions_required"].at(0)["code"]),
            "submit_brief");
  auto [s2, theirs] = bob.call(verb::get, "/store/tickets");
  ASSERT_EQ(s2, http::status::ok);
  for (auto t : theirs["tickets"].get_array())
    EXPECT_NE(text(t["id"]), id);
  // Every route on Alice's ticket, as Bob, as nobody, with a forged token.
  std::vector<std::pair<verb, std::string>> routes{
    {verb::get, ""},
    {verb::get, "/history"},
    {verb::post, "/brief"},
    {verb::post, "/notes"},
    {verb::post, "/proofs/file_x/approve"},
    {verb::post, "/proofs/file_x/request-changes"},
    {verb::get, "/attachments/file_x"}};
  auto before = version_of(id);
  for (auto* who : {&bob, &nobody}) {
    auto saved = who->token;
    for (auto forged : {false, true}) {
      if (forged)
        who->token = alice.token.substr(0, alice.token.size() - 4) + "AAAA";
      for (auto& [v, path] : routes) {
        auto [s, b] = who->call(v, "/store/tickets/" + id + path,
                                R"({"text":"mine now","comment":"x"})");
        EXPECT_EQ(s, http::status::not_found) << path << " " << forged;
        EXPECT_EQ(text(b["message"]),
                  "Ticket with id '" + id + "' was not found");
      }
      auto [su, bu] = who->call(
        verb::post, "/store/tickets/" + id + "/attachments", png, "image/png");
      EXPECT_EQ(su, http::status::not_found);
    }
    who->token = saved;
  }
  EXPECT_EQ(version_of(id), before) << "no refused write changed the ticket";
  // The admin routes are not a customer's.
  auto [sa, ba] = alice.call(verb::get, "/admin/tickets/" + id);
  EXPECT_EQ(sa, http::status::unauthorized);
  auto [sm, bm] = alice.call(verb::post, "/admin/tickets/" + id + "/status",
                             move(id, "designing_artwork"));
  EXPECT_EQ(sm, http::status::unauthorized);
  EXPECT_EQ(version_of(id), before);
}

TEST_F(TicketsApi,
       SupportMovesOneStepAtATimeBackWithAReasonNeverOutOfDelivered) {
  auto id = alices_ticket();
  auto path = "/admin/tickets/" + id + "/status";
  auto [s1, skip] = admin.call(verb::post, path, move(id, "fulfilling"));
  EXPECT_EQ(s1, http::status::conflict);
  EXPECT_EQ(text(skip["type"]), "not_allowed");
  EXPECT_EQ(text(skip["message"]),
            "cannot move ticket from 'brief_received' to 'fulfilling'");
  auto [s2, fwd] = admin.call(verb::post, path, move(id, "designing_artwork"));
  ASSERT_EQ(s2, http::status::ok) << admin.bodies.back();
  EXPECT_EQ(text(fwd["ticket"]["status"]), "designing_artwork");
  auto [s3, back] = admin.call(verb::post, path, move(id, "brief_received"));
  EXPECT_EQ(s3, http::status::bad_request);
  EXPECT_EQ(text(back["message"]),
            "moving a ticket back to 'brief_received' needs a reason");
  auto [s4, b4]
    = admin.call(verb::post, path,
                 move(id, "brief_received", R"(,"reason":"brief unclear")"));
  ASSERT_EQ(s4, http::status::ok);
  admin.call(verb::post, path, move(id, "designing_artwork"));
  // Fulfilling wants an approved proof, or a reason to go without.
  auto [s5, b5] = admin.call(verb::post, path, move(id, "fulfilling"));
  EXPECT_EQ(s5, http::status::conflict);
  auto [s6, b6]
    = admin.call(verb::post, path,
                 move(id, "fulfilling", R"(,"reason":"approved by phone")"));
  ASSERT_EQ(s6, http::status::ok) << admin.bodies.back();
  auto [s7, b7] = admin.call(verb::post, path, move(id, "delivered"));
  ASSERT_EQ(s7, http::status::ok);
  for (auto to : {"fulfilling", "designing_artwork", "brief_received"}) {
    auto [s, b]
      = admin.call(verb::post, path, move(id, to, R"(,"reason":"r")"));
    EXPECT_EQ(s, http::status::conflict) << to;
  }
  auto settled = version_of(id);
  auto [s8, b8] = admin.call(verb::post, path, move(id, "archived"));
  EXPECT_EQ(s8, http::status::bad_request);
  auto [s9, b9] = admin.call(verb::post, path, "{\"status\":");
  EXPECT_EQ(s9, http::status::bad_request);
  auto [s10, b10]
    = admin.call(verb::post, path, R"({"status":"delivered","x":1})");
  EXPECT_EQ(s10, http::status::bad_request);
  EXPECT_NE(text(b10["message"]).find("'x'"), std::string::npos);
  EXPECT_EQ(version_of(id), settled) << "bad input changes nothing";
}

TEST_F(TicketsApi, AStaleVersionIs409WithTheTicketAsItIsNow) {
  auto id = alices_ticket();
  auto path = "/admin/tickets/" + id + "/status";
  auto [s1, b1] = admin.call(verb::post, path,
                             move(id, "designing_artwork", R"(,"version":1)"));
  ASSERT_EQ(s1, http::status::ok) << admin.bodies.back();
  // A second agent, who saw version 1 too.
  auto [s2, b2]
    = admin.call(verb::post, path,
                 move(id, "brief_received", R"(,"reason":"r","version":1)"));
  EXPECT_EQ(s2, http::status::conflict);
  EXPECT_EQ(text(b2["type"]), "conflict");
  EXPECT_EQ(text(b2["message"]),
            "the ticket changed: it is at version 2, not 1");
  EXPECT_EQ(text(b2["ticket"]["status"]), "designing_artwork");
  EXPECT_EQ(std::int64_t(b2["ticket"]["version"]), 2);
  auto [s3, b3] = alice.call(verb::post, "/store/tickets/" + id + "/notes",
                             R"({"text":"hello","version":1})");
  EXPECT_EQ(s3, http::status::conflict);
  EXPECT_EQ(version_of(id), 2);
}

TEST_F(TicketsApi,
       TheBriefIsEditedByTheCustomerUntilFulfillingEachEditInTheHistory) {
  auto id = alices_ticket();
  auto path = "/store/tickets/" + id + "/brief";
  auto [s1, b1] = alice.call(
    verb::post, path,
    R"({"text":"Our logo, big","colors":["navy","white"],"print_size":"A4",)"
    R"("quantity_notes":"all 250","reference_urls":["https://example.com/a.png"]})");
  ASSERT_EQ(s1, http::status::ok) << alice.bodies.back();
  EXPECT_EQ(text(b1["ticket"]["brief"]["colors"].at(1)), "white");
  EXPECT_EQ(b1["ticket"]["actions_required"].get_array().size(), 0u);
  auto [s2, b2] = alice.call(verb::post, path, R"({"print_size":"A3"})");
  ASSERT_EQ(s2, http::status::ok);
  EXPECT_EQ(text(b2["ticket"]["brief"]["text"]), "Our logo, big");
  EXPECT_EQ(text(b2["ticket"]["brief"]["print_size"]), "A3");
  // Bounded, and a refused edit changes nothing.
  auto before = version_of(id);
  std::string colors = R"({"colors":["red")";
  for (int i = 0; i < 20; ++i)
    colors += R"(,"red")";
  colors += "]}";
  for (auto bad :
       {R"({"text":")" + std::string(5001, 'x') + "\"}", colors,
        std::string{R"x({"reference_urls":["javascript:alert(1)"]})x"},
        std::string{R"({"text":5})"}, std::string{"not json"}}) {
    auto [s, b] = alice.call(verb::post, path, bad);
    EXPECT_EQ(s, http::status::bad_request) << bad.substr(0, 60);
    EXPECT_EQ(text(b["type"]), "invalid_data");
  }
  EXPECT_EQ(version_of(id), before);
  auto status = "/admin/tickets/" + id + "/status";
  admin.call(verb::post, status, move(id, "designing_artwork"));
  auto [s3, b3] = alice.call(verb::post, path, R"({"text":"still open"})");
  EXPECT_EQ(s3, http::status::ok);
  admin.call(verb::post, status, move(id, "fulfilling", R"(,"reason":"ok")"));
  auto [s4, b4] = alice.call(verb::post, path, R"({"text":"too late"})");
  EXPECT_EQ(s4, http::status::conflict);
  EXPECT_EQ(text(b4["message"]),
            "the brief is locked once the ticket is 'fulfilling'");
  auto [s5, h] = alice.call(verb::get, "/store/tickets/" + id + "/history");
  ASSERT_EQ(s5, http::status::ok);
  int edits = 0;
  for (auto e : h["history"].get_array())
    if (text(e["type"]) == "brief_updated") {
      ++edits;
      EXPECT_EQ(text(e["actor_role"]), "customer");
    }
  EXPECT_EQ(edits, 3);
}

TEST_F(TicketsApi, AProofIsApprovedOrSentBackAndFulfillingWaitsForApproval) {
  auto id = alices_ticket();
  auto proofs = "/admin/tickets/" + id + "/proofs?filename=proof-v1.pdf";
  auto [s0, b0] = admin.call(verb::post, proofs, pdf, "application/pdf");
  EXPECT_EQ(s0, http::status::conflict) << "no proofs before designing";
  EXPECT_EQ(stored_files(id), 0) << "a refused file leaves no bytes behind";
  admin.call(verb::post, "/admin/tickets/" + id + "/status",
             move(id, "designing_artwork"));
  auto [s1, b1] = admin.call(verb::post, proofs, pdf, "application/pdf");
  ASSERT_EQ(s1, http::status::ok) << admin.bodies.back();
  EXPECT_EQ(stored_files(id), 1);
  auto proof = text(b1["ticket"]["proofs"].at(0)["id"]);
  alice.call(verb::get, "/store/tickets/" + id);
  EXPECT_NE(alice.bodies.back().find("\"approve_proof\""), std::string::npos);
  auto decide = "/store/tickets/" + id + "/proofs/" + proof;
  auto [s2, b2] = alice.call(verb::post, decide + "/request-changes", "{}");
  EXPECT_EQ(s2, http::status::bad_request) << "changes need a comment";
  auto [s3, b3] = alice.call(verb::post, decide + "/request-changes",
                             R"({"comment":"Logo bigger"})");
  ASSERT_EQ(s3, http::status::ok) << alice.bodies.back();
  EXPECT_EQ(text(b3["ticket"]["proofs"].at(0)["status"]), "changes_requested");
  auto status = "/admin/tickets/" + id + "/status";
  auto [s4, b4] = admin.call(verb::post, status, move(id, "fulfilling"));
  EXPECT_EQ(s4, http::status::conflict);
  auto [s5, b5] = admin.call(verb::post, proofs, pdf + "v2", "application/pdf");
  ASSERT_EQ(s5, http::status::ok);
  auto second = text(b5["ticket"]["proofs"].at(1)["id"]);
  auto [s6, b6] = alice.call(verb::post, decide + "/approve", "{}");
  EXPECT_EQ(s6, http::status::conflict) << "the old proof was replaced";
  auto [s7, b7] = alice.call(
    verb::post, "/store/tickets/" + id + "/proofs/" + second + "/approve",
    "{}");
  ASSERT_EQ(s7, http::status::ok) << alice.bodies.back();
  auto [s8, b8] = admin.call(verb::post, status, move(id, "fulfilling"));
  EXPECT_EQ(s8, http::status::ok) << admin.bodies.back();
  // A customer cannot upload a proof, support cannot approve one.
  auto [s9, b9] = alice.call(verb::post, "/admin/tickets/" + id + "/proofs",
                             pdf, "application/pdf");
  EXPECT_EQ(s9, http::status::unauthorized);
}

TEST_F(TicketsApi,
       FilesAreCheckedStoredAndDownloadedOnlyByThoseWhoSeeTheTicket) {
  auto id = alices_ticket();
  auto upload
    = "/store/tickets/" + id + "/attachments?filename=..%2F..%2Flogo.png";
  auto [s1, b1] = alice.call(verb::post, upload, png, "image/png");
  ASSERT_EQ(s1, http::status::ok) << alice.bodies.back();
  auto file = b1["ticket"]["attachments"].at(0);
  EXPECT_EQ(text(file["filename"]), "logo.png");
  EXPECT_EQ(text(file["kind"]), "artwork");
  EXPECT_EQ(std::int64_t(file["size"]), static_cast<std::int64_t>(png.size()));
  auto url = text(file["url"]);
  auto [s2, b2] = alice.call(verb::get, url);
  ASSERT_EQ(s2, http::status::ok);
  EXPECT_EQ(alice.last.body(), png);
  EXPECT_EQ(alice.last[http::field::content_type], "image/png");
  EXPECT_EQ(alice.last[http::field::content_disposition],
            "attachment; filename=\"logo.png\"; filename*=UTF-8''logo.png");
  EXPECT_EQ(alice.last["X-Content-Type-Options"], "nosniff");
  auto [s3, b3] = bob.call(verb::get, url);
  EXPECT_EQ(s3, http::status::not_found);
  auto file_id = text(file["id"]);
  auto [s4, b4]
    = admin.call(verb::get, "/admin/tickets/" + id + "/attachments/" + file_id);
  EXPECT_EQ(s4, http::status::ok);
  EXPECT_EQ(admin.last.body(), png);
  // A file of one ticket is not reachable through another.
  auto other = alices_ticket();
  auto [s5, b5] = alice.call(verb::get, "/store/tickets/" + other
                                          + "/attachments/" + file_id);
  EXPECT_EQ(s5, http::status::not_found);
  // A checked PDF is saved as a PDF, whatever its name said.
  auto [sx, bx] = alice.call(
    verb::post, "/store/tickets/" + id + "/attachments?filename=brief.hta", pdf,
    "application/pdf");
  ASSERT_EQ(sx, http::status::ok);
  EXPECT_EQ(text(bx["ticket"]["attachments"].at(1)["filename"]), "brief.pdf");
  // Refused: the wrong type, a lie about the type, nothing, too big.
  auto before = version_of(id);
  auto files_before = stored_files(id);
  auto [s6, b6]
    = alice.call(verb::post, upload, "#!/bin/sh\n", "text/x-shellscript");
  EXPECT_EQ(s6, http::status::unsupported_media_type);
  EXPECT_NE(text(b6["message"]).find("application/pdf"), std::string::npos);
  auto [s7, b7] = alice.call(verb::post, upload, pdf, "image/png");
  EXPECT_EQ(s7, http::status::bad_request);
  EXPECT_EQ(text(b7["message"]), "The file's content is not image/png");
  auto [s8, b8] = alice.call(verb::post, upload, "", "image/png");
  EXPECT_EQ(s8, http::status::bad_request);
  auto huge = png + std::string(20 * 1024 * 1024, 'x');
  auto [s9, b9] = alice.call(verb::post, upload, huge, "image/png");
  EXPECT_EQ(s9, http::status::payload_too_large) << alice.bodies.back();
  EXPECT_EQ(version_of(id), before) << "refused files change nothing";
  EXPECT_EQ(stored_files(id), files_before);
}

TEST_F(TicketsApi, InternalNotesNeverReachTheCustomer) {
  auto id = alices_ticket();
  auto notes = "/admin/tickets/" + id + "/notes";
  auto [s1, b1] = admin.call(verb::post, notes,
                             R"({"text":"Customer is picky","internal":true})");
  ASSERT_EQ(s1, http::status::ok) << admin.bodies.back();
  auto [s2, b2] = admin.call(verb::post, notes, R"({"text":"Proof tomorrow"})");
  ASSERT_EQ(s2, http::status::ok);
  EXPECT_EQ(b2["ticket"]["notes"].get_array().size(), 2u);
  EXPECT_EQ(text(b2["ticket"]["notes"].at(1)["author_role"]), "support");
  auto [s3, b3] = alice.call(verb::get, "/store/tickets/" + id);
  ASSERT_EQ(s3, http::status::ok);
  EXPECT_EQ(alice.bodies.back().find("picky"), std::string::npos);
  EXPECT_EQ(b3["ticket"]["notes"].get_array().size(), 1u);
  EXPECT_EQ(text(b3["ticket"]["actions_required"].at(1)["code"]),
            "reply_to_support");
  auto [s4, b4] = alice.call(verb::get, "/store/tickets/" + id + "/history");
  ASSERT_EQ(s4, http::status::ok);
  EXPECT_EQ(alice.bodies.back().find("picky"), std::string::npos);
  EXPECT_EQ(alice.call(verb::get, "/store/tickets").first, http::status::ok);
  EXPECT_EQ(alice.bodies.back().find("picky"), std::string::npos);
  // A customer cannot write one.
  auto [s6, b6] = alice.call(verb::post, "/store/tickets/" + id + "/notes",
                             R"({"text":"psst","internal":true})");
  EXPECT_EQ(s6, http::status::bad_request);
  auto [s7, b7] = alice.call(verb::post, "/store/tickets/" + id + "/notes",
                             R"({"text":"Thanks!"})");
  ASSERT_EQ(s7, http::status::ok);
  EXPECT_EQ(text(b7["ticket"]["notes"].at(1)["author_role"]), "customer");
  auto [s8, b8] = admin.call(verb::get, "/admin/tickets?waiting_on_support=true"
                                        "&order_id="
                                          + text(b7["ticket"]["order_id"]));
  EXPECT_EQ(std::int64_t(b8["count"]), 1);
  EXPECT_EQ(text(b8["tickets"].at(0)["actions_required"].at(0)["code"]),
            "waiting_on_support");
}

TEST_F(TicketsApi,
       AssigningTakesAnActiveAdminUserOrNobodyAndCustomersDoNotSeeIt) {
  auto id = alices_ticket();
  auto [s0, me] = admin.call(verb::get, "/admin/users/me");
  ASSERT_EQ(s0, http::status::ok);
  auto user = text(me["user"]["id"]);
  auto path = "/admin/tickets/" + id + "/assign";
  // Support acts where the customer sees it too.
  admin.call(verb::post, "/admin/tickets/" + id + "/notes",
             R"({"text":"Working on it"})");
  admin.call(verb::post, "/admin/tickets/" + id + "/status",
             move(id, "designing_artwork"));
  auto [s1, b1]
    = admin.call(verb::post, path, R"({"assignee_id":")" + user + "\"}");
  ASSERT_EQ(s1, http::status::ok) << admin.bodies.back();
  EXPECT_EQ(text(b1["ticket"]["assignee_id"]), user);
  auto [s2, b2]
    = admin.call(verb::post, path, R"({"assignee_id":"user_nope"})");
  EXPECT_EQ(s2, http::status::bad_request);
  auto [s3, b3]
    = admin.call(verb::get, "/admin/tickets?assignee_id=" + user
                              + "&order_id=" + text(b1["ticket"]["order_id"]));
  EXPECT_EQ(std::int64_t(b3["count"]), 1);
  auto [s4, b4] = alice.call(verb::get, "/store/tickets/" + id);
  EXPECT_TRUE(b4["ticket"]["assignee_id"].is_null());
  EXPECT_EQ(alice.bodies.back().find(user), std::string::npos)
    << "which admin wrote is support's business";
  EXPECT_EQ(text(b4["ticket"]["notes"].at(0)["author_role"]), "support");
  EXPECT_EQ(alice.call(verb::get, "/store/tickets/" + id + "/history").first,
            http::status::ok);
  EXPECT_EQ(alice.bodies.back().find(user), std::string::npos);
  EXPECT_EQ(admin.call(verb::get, "/admin/tickets/" + id + "/history").first,
            http::status::ok);
  EXPECT_NE(admin.bodies.back().find("\"assigned\""), std::string::npos);
  auto [s7, b7] = admin.call(verb::post, path, R"({"assignee_id":null})");
  ASSERT_EQ(s7, http::status::ok) << admin.bodies.back();
  EXPECT_TRUE(b7["ticket"]["assignee_id"].is_null());
}

TEST_F(TicketsApi, TheBoardListsReadTheirWritesWithFiltersSearchAndCounts) {
  auto order = order_for(alice, three_variants());
  auto ids = tickets_of(order);
  ASSERT_EQ(ids.size(), 3u);
  admin.call(verb::post, "/admin/tickets/" + ids[0] + "/status",
             move(ids[0], "designing_artwork"));
  // Read right after the write: no waiting.
  auto [s1, b1] = admin.call(
    verb::get, "/admin/tickets?status=designing_artwork&order_id=" + order);
  ASSERT_EQ(s1, http::status::ok);
  EXPECT_EQ(std::int64_t(b1["count"]), 1);
  EXPECT_EQ(text(b1["tickets"].at(0)["id"]), ids[0]);
  EXPECT_EQ(std::int64_t(b1["counts"]["brief_received"]), 2);
  EXPECT_EQ(std::int64_t(b1["counts"]["designing_artwork"]), 1);
  EXPECT_EQ(std::int64_t(b1["counts"]["delivered"]), 0);
  auto display = text(b1["tickets"].at(0)["display_id"]);
  auto [s2, b2] = admin.call(verb::get, "/admin/tickets?q=" + display);
  ASSERT_EQ(s2, http::status::ok);
  EXPECT_EQ(std::int64_t(b2["count"]), 1);
  auto [s3, b3] = admin.call(
    verb::get, "/admin/tickets?limit=2&offset=1&order_id=" + order);
  EXPECT_EQ(b3["tickets"].get_array().size(), 2u);
  EXPECT_EQ(std::int64_t(b3["count"]), 3);
  EXPECT_EQ(std::int64_t(b3["limit"]), 2);
  for (auto bad : {"/admin/tickets?status=archived", "/admin/tickets?limit=-1",
                   "/admin/tickets?waiting_on_support=maybe"}) {
    auto [s, b] = admin.call(verb::get, bad);
    EXPECT_EQ(s, http::status::bad_request) << bad;
  }
  // The customer's list is theirs whatever the query says.
  auto [s4, b4] = bob.call(verb::get, "/store/tickets?order_id=" + order);
  EXPECT_EQ(std::int64_t(b4["count"]), 0);
}

TEST_F(TicketsApi, HundredConcurrentMovesAndNotesOnOneTicketAreAllLinearised) {
  auto id = alices_ticket();
  constexpr int writers = 10;
  constexpr int each = 10; // half notes, half moves
  std::atomic<int> moved{0}, refused{0}, noted{0}, broken{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      caller c{app->port(), demo->publishable_key};
      c.token = w % 2 ? admin.token : alice.token;
      for (int i = 0; i < each; ++i) {
        if (i % 2 == 0) {
          auto path = w % 2 ? "/admin/tickets/" + id + "/notes"
                            : "/store/tickets/" + id + "/notes";
          auto [s, b] = c.call(verb::post, path,
                               R"({"text":"note )" + std::to_string(w) + "-"
                                 + std::to_string(i) + "\"}");
          if (s == http::status::ok)
            ++noted;
          continue;
        }
        c.token = admin.token;
        auto to = (w + i) % 4 < 2 ? "designing_artwork" : "brief_received";
        auto [s, b] = c.call(verb::post, "/admin/tickets/" + id + "/status",
                             move(id, to, R"(,"reason":"back")"));
        if (s == http::status::ok)
          ++moved;
        else if (s == http::status::conflict
                 && text(b["type"]) == "not_allowed")
          ++refused; // already in that column: a legal refusal
        else
          ++broken;
        c.token = w % 2 ? admin.token : alice.token;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(noted, writers * each / 2);
  EXPECT_EQ(broken, 0) << "every move was applied or refused as illegal";
  EXPECT_EQ(moved + refused, writers * each / 2);
  auto [s, b] = admin.call(verb::get, "/admin/tickets/" + id);
  ASSERT_EQ(s, http::status::ok);
  EXPECT_EQ(b["ticket"]["notes"].get_array().size(),
            static_cast<std::size_t>(writers * each / 2))
    << "no note lost";
  EXPECT_EQ(std::int64_t(b["ticket"]["version"]), 1 + noted + moved)
    << "every accepted write is one event";
  // The moves alternate: each accepted one left the column the last one
  // entered.
  auto [hs, h] = admin.call(verb::get, "/admin/tickets/" + id + "/history");
  std::string at = "brief_received";
  int moves = 0;
  for (auto e : h["history"].get_array())
    if (text(e["type"]) == "status_changed") {
      EXPECT_EQ(text(e["from"]), at);
      at = text(e["to"]);
      ++moves;
    }
  EXPECT_EQ(moves, moved);
}

TEST_F(TicketsApi, OfManyWritesAgainstOneVersionExactlyOneWins) {
  auto id = alices_ticket();
  auto seen = version_of(id);
  std::atomic<int> won{0}, stale{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 16; ++w)
    threads.emplace_back([&, w] {
      caller c{app->port(), demo->publishable_key};
      c.token = admin.token;
      auto [s, b] = c.call(verb::post, "/admin/tickets/" + id + "/notes",
                           R"({"text":"agent )" + std::to_string(w)
                             + R"(","version":)" + std::to_string(seen) + "}");
      if (s == http::status::ok)
        ++won;
      else if (s == http::status::conflict && text(b["type"]) == "conflict"
               && std::int64_t(b["ticket"]["version"]) == seen + 1)
        ++stale;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(stale, 15) << "each loser got the ticket as it is now";
  EXPECT_EQ(version_of(id), seen + 1);
}

TEST_F(TicketsApi, AWorkflowForAnOrderThatIsNotThereFailsSayingSo) {
  std::promise<workflows::execution_reply> done;
  auto& engine = app->svc().workflows();
  engine.start(
    "create-tickets", "create-tickets:order_missing",
    R"({"order_id":"order_missing"})", "test",
    [&](workflows::execution_reply r) {
      if (!r)
        return done.set_value(r);
      engine.result(
        "create-tickets:order_missing",
        [&](workflows::execution_reply end) { done.set_value(end); }, 30s);
    },
    30s);
  auto end = done.get_future().get();
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(end->status, workflows::execution_status::failed);
  EXPECT_NE(end->error.find("order order_missing"), std::string::npos)
    << end->error;
}

// -- exactly once when the step fails
// ------------------------------------------

class TicketsRetry : public TicketsApi {
protected:
  static void SetUpTestSuite() {
    // The step fails twice after opening the first ticket; the third try
    // goes through.
    tickets_options opts;
    opts.after_open = [](const workflows::step_context& ctx,
                         std::size_t opened) -> std::optional<std::string> {
      if (ctx.attempt < 3 && opened == 1) {
        ++failures;
        return "the ticket store hiccuped";
      }
      return std::nullopt;
    };
    auto modules = souk_modules();
    for (auto& m : modules)
      if (m.name == "tickets")
        m = tickets_module(opts);
    start_souk({}, std::move(modules));
    plenty_of_stock();
  }

  static inline std::atomic<int> failures{0};
};

TEST_F(TicketsRetry, AStepThatFailsTwiceStillLeavesExactlyThreeTickets) {
  auto order = order_for(alice, three_variants());
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) {
    auto [s, wf] = admin.call(
      verb::get, "/admin/workflows/executions/create-tickets:" + order);
    if (s == http::status::ok
        && text(wf["workflow_execution"]["state"]) == "completed")
      break;
    std::this_thread::sleep_for(20ms);
  }
  ids = tickets_of(order);
  EXPECT_EQ(failures, 2);
  ASSERT_EQ(ids.size(), 3u);
  auto [s, b] = admin.call(verb::get, "/admin/tickets?order_id=" + order);
  EXPECT_EQ(std::int64_t(b["count"]), 3) << "no duplicate";
  for (auto& id : ids)
    EXPECT_EQ(version_of(id), 1) << "opened once";
  pqxx::connection c{conninfo};
  EXPECT_EQ(pqxx::nontransaction{c}
              .exec_params1("SELECT count(*) FROM events WHERE stream_id = $1",
                            "tickets-" + order)[0]
              .as<int>(),
            1)
    << "tickets.created once";
}

// -- undone: a step that fails for good leaves no ticket
// ------------------------

class TicketsUndone : public TicketsApi {
protected:
  static void SetUpTestSuite() {
    tickets_options opts;
    opts.after_open = [](const workflows::step_context&,
                         std::size_t opened) -> std::optional<std::string> {
      if (fail_opening && opened == 2)
        return "the ticket store is gone";
      return std::nullopt;
    };
    opts.before_emit
      = [](const workflows::step_context&) -> std::optional<std::string> {
      if (fail_emitting)
        return "the feed is gone";
      return std::nullopt;
    };
    auto modules = souk_modules();
    for (auto& m : modules)
      if (m.name == "tickets")
        m = tickets_module(opts);
    start_souk({}, std::move(modules));
    plenty_of_stock();
  }

  // The execution's state once it has finished (bounded wait).
  std::string finished(const std::string& order) {
    for (int i = 0; i < 1000; ++i) {
      auto [s, wf] = admin.call(
        verb::get, "/admin/workflows/executions/create-tickets:" + order);
      auto state = text(wf["workflow_execution"]["state"]);
      if (state == "completed" || state == "failed")
        return state;
      std::this_thread::sleep_for(20ms);
    }
    return "still running";
  }

  void expect_no_tickets(const std::string& order) {
    auto [s, b] = admin.call(verb::get, "/admin/tickets?order_id=" + order);
    EXPECT_EQ(std::int64_t(b["count"]), 0);
    auto [so, o] = admin.call(verb::get, "/admin/orders/" + order);
    auto line = text(o["order"]["items"].at(0)["id"]);
    auto id = ticket::ticket_id_for(order, line);
    EXPECT_EQ(admin.call(verb::get, "/admin/tickets/" + id).first,
              http::status::not_found);
    EXPECT_EQ(alice.call(verb::get, "/store/tickets/" + id).first,
              http::status::not_found);
  }

  static inline std::atomic<bool> fail_opening{false}, fail_emitting{false};
};

TEST_F(TicketsUndone, TheLastFailedTryOfCreateTicketsVoidsWhatItOpened) {
  fail_opening = true;
  auto order = order_for(alice, three_variants());
  EXPECT_EQ(finished(order), "failed");
  fail_opening = false;
  expect_no_tickets(order);
}

TEST_F(TicketsUndone, ALaterStepFailingForGoodCompensatesEveryTicket) {
  fail_emitting = true;
  auto order = order_for(alice, three_variants());
  EXPECT_EQ(finished(order), "failed");
  fail_emitting = false;
  expect_no_tickets(order);
  admin.call(verb::get, "/admin/workflows/executions/create-tickets:" + order);
  EXPECT_NE(admin.bodies.back().find("compensated"), std::string::npos)
    << admin.bodies.back();
}

// -- a shop that adds the module later ----------------------------------------

TEST(TicketsBackfill,
     OrdersPlacedBeforeTheModuleGetTheirTicketsOnceByTheCommand) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  config cfg;
  cfg.http.port = 0;
  auto without = souk_modules();
  std::erase_if(without, [](const module& m) { return m.name == "tickets"; });
  std::string first, second;
  std::string key, shipping;
  std::vector<std::string> variants;
  {
    auto app = server_app::start(cfg, conninfo, without);
    ASSERT_TRUE(app) << app.error();
    auto demo = (*app)->seed_demo();
    ASSERT_TRUE(demo) << demo.error();
    key = demo->publishable_key;
    shipping = demo->shipping_option_id;
    for (auto& [_, vs] : demo->products)
      variants.push_back(vs[0]);
    caller shopper{(*app)->port(), key};
    shopper.become_customer("early@example.com");
    first = shopper.place_order(variants, shipping);
    second = shopper.place_order({variants[0]}, shipping);
    ASSERT_FALSE(second.empty());
  }
  auto modules = souk_modules();
  auto app = server_app::start(cfg, conninfo, modules);
  ASSERT_TRUE(app) << app.error();
  caller shopper{(*app)->port(), key};
  shopper.sign_in("customer", "early@example.com", "long-enough-pw");
  auto [s0, none] = shopper.call(verb::get, "/store/tickets");
  EXPECT_EQ(std::int64_t(none["count"]), 0)
    << "adding the module opens nothing by itself";
  auto backfill = std::find_if(modules.begin(), modules.end(), [](auto& m) {
                    return m.name == "tickets";
                  })->commands.at(0);
  EXPECT_EQ(backfill.name, "tickets backfill");
  std::ostringstream out;
  EXPECT_EQ(backfill.run((*app)->svc(), conninfo, out), 0) << out.str();
  EXPECT_EQ(out.str(), "opened the tickets of 2 order(s)\n");
  auto [s1, mine] = shopper.call(verb::get, "/store/tickets");
  EXPECT_EQ(std::int64_t(mine["count"]), 4) << "3 + 1 items";
  std::ostringstream again;
  EXPECT_EQ(backfill.run((*app)->svc(), conninfo, again), 0);
  EXPECT_EQ(again.str(), "opened the tickets of 0 order(s)\n");
  auto [s2, still] = shopper.call(verb::get, "/store/tickets");
  EXPECT_EQ(std::int64_t(still["count"]), 4) << "run twice, opened once";
}

} // namespace
} // namespace souk
