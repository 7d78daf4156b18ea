// The tickets module's e-mail, at a real SMTP server on loopback: who is
// told what, once per event, never about internal notes, and not again
// when every event is delivered a second time after a restart.
#include <algorithm>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "http/server_app.hpp"
#include "tests/support/shop_client.hpp"
#include "tests/support/smtp_server.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;
using test::text;

const std::string pdf = "%PDF-1.7\n% a proof\n";

class TicketsMail : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    smtp = new test::smtp_server{};
    start_souk(mail_config());
    for (auto& [_, variants] : demo->products)
      for (auto& v : variants)
        ASSERT_TRUE(app->set_stock(v, 1000000));
  }

  static config mail_config() {
    config cfg;
    cfg.notifications.provider = "smtp";
    cfg.notifications.smtp_host = "127.0.0.1";
    cfg.notifications.smtp_port = smtp->port;
    cfg.notifications.smtp_from = "shop@souk.test";
    cfg.notifications.storefront_url = "https://shop.example";
    return cfg;
  }

  static void TearDownTestSuite() {
    souk_suite::TearDownTestSuite();
    delete smtp;
  }

  // The messages whose subject starts with `prefix`.
  static std::vector<test::received_mail>
  with_subject(const std::string& prefix) {
    std::vector<test::received_mail> out;
    for (auto& m : smtp->messages())
      if (m.subject.rfind(prefix, 0) == 0)
        out.push_back(m);
    return out;
  }

  // Waits (bounded) until `n` messages start with `prefix`.
  static std::vector<test::received_mail> await(const std::string& prefix,
                                                std::size_t n = 1) {
    for (int i = 0; i < 500; ++i) {
      auto found = with_subject(prefix);
      if (found.size() >= n)
        return found;
      std::this_thread::sleep_for(20ms);
    }
    return with_subject(prefix);
  }

  // Waits (bounded) until every subscriber has handled the whole feed and
  // every workflow execution started has ended: no mail is on its way.
  static void settle() {
    pqxx::connection c{conninfo};
    for (int i = 0; i < 500; ++i) {
      auto row = pqxx::nontransaction{c}.exec1(
        "SELECT (SELECT min(position) FROM subscriber_checkpoints)"
        " = (SELECT max(position) FROM events),"
        " (SELECT count(*) FROM events WHERE type = 'workflow.started.v1')"
        " = (SELECT count(*) FROM events WHERE type IN"
        " ('workflow.completed.v1', 'workflow.failed.v1'))");
      if (row[0].as<bool>() && row[1].as<bool>())
        return;
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "the subscribers and workflows did not settle";
  }

  static inline test::smtp_server* smtp = nullptr;
};

TEST_F(TicketsMail,
       EachSideIsToldWhatConcernsItOncePerEventAndNeverOfInternalNotes) {
  test::shop_client alice{app->port(), demo->publishable_key};
  alice.become_customer("alice@mail.test");
  test::shop_client admin{app->port(), demo->publishable_key};
  admin.sign_in("user", demo->admin_email, demo->admin_password);
  auto order = alice.place_order(
    {demo->products[0].second[0], demo->products[1].second[0]},
    demo->shipping_option_id);
  ASSERT_FALSE(order.empty()) << alice.bodies.back();

  // The order's tickets, listed in one message.
  std::string display;
  for (int i = 0; i < 500; ++i) {
    auto [s, b] = admin.call(verb::get, "/admin/orders/" + order);
    display = std::to_string(std::int64_t(b["order"]["display_id"]));
    if (b["order"]["tickets"].get_array().size() == 2)
      break;
    std::this_thread::sleep_for(20ms);
  }
  auto created = await("Order #" + display + ": 2 items");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].rcpt_to, "alice@mail.test");
  EXPECT_NE(created[0].text.find(display + "-1: "), std::string::npos)
    << created[0].text;
  EXPECT_NE(created[0].text.find(display + "-2: "), std::string::npos);
  EXPECT_NE(
    created[0].html.find("href=\"https://shop.example/account/tickets\""),
    std::string::npos)
    << created[0].html;
  auto [sl, listed] = admin.call(verb::get, "/admin/tickets?order_id=" + order);
  std::string id;
  for (auto t : listed["tickets"].get_array())
    if (text(t["display_id"]) == display + "-1")
      id = text(t["id"]);
  ASSERT_FALSE(id.empty());
  auto ticket = display + "-1";

  // Support: an internal note (no mail), a public one, a move, a proof.
  admin.call(verb::post, "/admin/tickets/" + id + "/notes",
             R"({"text":"Customer is picky","internal":true})");
  admin.call(verb::post, "/admin/tickets/" + id + "/notes",
             R"({"text":"We start on your design <today>"})");
  auto replied = await("New message about " + ticket);
  ASSERT_EQ(replied.size(), 1u);
  EXPECT_EQ(replied[0].rcpt_to, "alice@mail.test");
  EXPECT_NE(replied[0].text.find("We start on your design <today>"),
            std::string::npos);
  EXPECT_NE(replied[0].html.find("&lt;today&gt;"), std::string::npos)
    << "escaped in the HTML";
  EXPECT_NE(replied[0].text.find("https://shop.example/account/tickets/" + id),
            std::string::npos);
  admin.call(verb::post, "/admin/tickets/" + id + "/status",
             R"({"status":"designing_artwork"})");
  auto moved = await(ticket + " is now: Designing artwork");
  ASSERT_EQ(moved.size(), 1u);
  admin.call(verb::post, "/admin/tickets/" + id + "/proofs?filename=p.pdf", pdf,
             "application/pdf");
  auto proof_ready = await("A proof for " + ticket);
  ASSERT_EQ(proof_ready.size(), 1u);

  // The customer writes and decides: the assignee hears of it.
  auto [sm, me] = admin.call(verb::get, "/admin/users/me");
  admin.call(verb::post, "/admin/tickets/" + id + "/assign",
             R"({"assignee_id":")" + text(me["user"]["id"]) + "\"}");
  alice.call(verb::post, "/store/tickets/" + id + "/notes",
             R"({"text":"Can the logo be bigger?"})");
  auto wrote = await("The customer wrote on " + ticket);
  ASSERT_EQ(wrote.size(), 1u);
  EXPECT_EQ(wrote[0].rcpt_to, demo->admin_email);
  EXPECT_NE(wrote[0].text.find("https://shop.example/app/tickets/" + id),
            std::string::npos);
  auto [st, t] = alice.call(verb::get, "/store/tickets/" + id);
  auto proof = text(t["ticket"]["proofs"].at(0)["id"]);
  alice.call(verb::post,
             "/store/tickets/" + id + "/proofs/" + proof + "/request-changes",
             R"({"comment":"Bigger, please"})");
  auto decided = await("Proof changes requested on " + ticket);
  ASSERT_EQ(decided.size(), 1u);
  EXPECT_EQ(decided[0].rcpt_to, demo->admin_email);

  // Nothing about the internal note, anywhere; one message per event.
  auto all = smtp->messages();
  for (auto& m : all)
    EXPECT_EQ(m.raw.find("picky"), std::string::npos) << m.subject;
  auto about_tickets = [&] {
    return std::count_if(all.begin(), all.end(), [&](auto& m) {
      return m.subject.find(display) != std::string::npos;
    });
  };
  auto sent = about_tickets();
  EXPECT_EQ(sent, 6 + 1) << "6 for the tickets, 1 order confirmation";

  // Every event offered again (checkpoints lost, then a restart): the
  // workflows and the notification log know them, nobody is mailed twice.
  delete app;
  app = nullptr;
  {
    pqxx::connection c{conninfo};
    pqxx::nontransaction{c}.exec(
      "UPDATE subscriber_checkpoints SET position = 0");
  }
  auto restarted = server_app::start(mail_config(), conninfo);
  ASSERT_TRUE(restarted) << restarted.error();
  app = std::move(*restarted).release();
  // One more event: its mail comes after every redelivered one (the
  // subscribers go in feed order), so when it is there, they were handled.
  test::shop_client again{app->port(), demo->publishable_key};
  again.sign_in("user", demo->admin_email, demo->admin_password);
  again.call(verb::post, "/admin/tickets/" + id + "/notes",
             R"({"text":"After the restart"})");
  ASSERT_EQ(await("New message about " + ticket, 2).size(), 2u);
  settle();
  all = smtp->messages();
  EXPECT_EQ(about_tickets(), sent + 1) << "no message twice";
}

} // namespace
} // namespace souk
