// The tickets module: souk's worked example of a module (docs/extending.md).
// Everything about tickets is declared here; nothing else knows them.
#include <future>
#include <mutex>
#include <set>

#include "actors/catalog/catalog_view.hpp"
#include "actors/order/order_codec.hpp"
#include "actors/ticket/create_tickets.hpp"
#include "actors/ticket/ticket_mail.hpp"
#include "http/modules/modules.hpp"
#include "http/projection_feed.hpp"
#include "http/ticket_routes.hpp"
#include "persistence/postgres.hpp"
#include "persistence/ticket_list.hpp"

namespace souk {

namespace {

using namespace ticket;

constexpr const char* backfill_author = "cli:tickets backfill";

// An admin user's e-mail, for the mails to a ticket's assignee (one
// connection, used by the mail workflow's steps in turn).
std::function<std::optional<std::string>(const std::string&)>
user_emails(const std::string& conninfo) {
  auto accounts = std::shared_ptr<accounts_port>{open_accounts(conninfo)};
  auto mtx = std::make_shared<std::mutex>();
  return [accounts, mtx](const std::string& id) -> std::optional<std::string> {
    std::lock_guard lock{*mtx};
    auto email = accounts->user_email(id);
    if (!email)
      throw std::runtime_error(email.error().message);
    return *email;
  };
}

void install(module_context& m, const tickets_options& opts) {
  auto& svc = m.svc();
  auto tickets = m.entity<ticket_domain>();
  m.owner("ticket",
          entity_owner(tickets, ticket_command{get_ticket{}}, ticket_missing));

  // The read model behind the lists and the board.
  auto list = m.subscriber({"ticket-list", ticket_list_event_types(), "ticket-",
                            ticket_list_projection(m.conninfo())});
  m.provide(std::make_shared<ticket_list_feed>(list));

  // Every placed order's items become tickets, once per order. The
  // starter begins at the feed's head: a shop that adds the module later
  // opens its old orders' tickets with `souk tickets backfill`.
  m.workflow(create_tickets({svc.entities<order::order_domain>(), tickets,
                             &svc.get<catalog::catalog_view>(), svc.store,
                             opts.after_open, opts.before_emit}));
  subscriber_options from_now;
  from_now.start_at_head = true;
  m.start_workflow_on(
    "create-tickets", {order::event_names::placed}, "order-",
    {create_tickets_workflow, create_tickets_key, create_tickets_input},
    from_now);

  // Mail: the customer and the assignee hear of what concerns them.
  for (auto& t : ticket_messages())
    m.message(t);
  m.workflow(ticket_mail(
    {tickets, svc.shared<notifications::notifier>(), svc.steps,
     user_emails(m.conninfo()), m.cfg().notifications.storefront_url,
     [&svc](const std::string& name) -> const notifications::message_template& {
       return svc.message(name);
     }}));
  m.start_workflow_on(
    "ticket-mail", ticket_mail_event_types(), "ticket-",
    {ticket_mail_workflow, ticket_mail_key, ticket_mail_input}, from_now);
  m.start_workflow_on(
    "tickets-created-mail", {tickets_created}, tickets_created_prefix,
    {ticket_mail_workflow, ticket_mail_key, ticket_mail_input}, from_now);

  add_ticket_routes(m.routes(), svc);
  add_ticket_list_routes(m.routes(), svc);
  // An admin's order shows its tickets.
  m.extend("admin.order", order_tickets_member);
}

// `souk tickets backfill`: opens the tickets of orders that have none
// (placed before the module was added), through the same workflow; run
// again, it opens nothing. Orders placed since the starter runs are its.
int backfill(services& svc, const std::string& conninfo, std::ostream& out) {
  using namespace std::chrono_literals;
  auto list = open_ticket_list(conninfo);
  auto& feed = svc.get<ticket_list_feed>();
  std::size_t opened = 0;
  std::size_t failed = 0;
  std::set<std::string> tried;
  for (;;) {
    // The list shows every ticket opened so far, this run's included.
    if (auto head = list->feed_head())
      feed.await(*head);
    auto missing = list->orders_without_tickets(500, "create-tickets");
    if (!missing) {
      out << "souk: " << missing.error().message << "\n";
      return 1;
    }
    std::vector<std::string> todo;
    for (auto& id : *missing)
      if (tried.insert(id).second)
        todo.push_back(id);
    if (todo.empty())
      break; // every order left has been tried (and failed) in this run
    for (auto& id : todo) {
      std::promise<workflows::execution_reply> done;
      auto key = create_tickets_key_for(id);
      svc.workflows().start(
        create_tickets_workflow, key, create_tickets_input_for(id, true),
        backfill_author,
        [&](workflows::execution_reply r) {
          if (!r)
            return done.set_value(std::move(r));
          svc.workflows().result(
            key,
            [&](workflows::execution_reply end) {
              done.set_value(std::move(end));
            },
            60s);
        },
        30s);
      auto end = done.get_future().get();
      if (end && end->status == workflows::execution_status::completed) {
        if (end->started_by == backfill_author)
          ++opened; // not one a subscriber had finished already
      } else {
        ++failed;
        out << "order " << id << ": "
            << (end ? end->error : end.error().message) << "\n";
      }
    }
  }
  out << "opened the tickets of " << opened << " order(s)";
  if (failed)
    out << "; " << failed << " failed";
  out << "\n";
  return failed ? 1 : 0;
}

} // namespace

module tickets_module(tickets_options opts) {
  return {"tickets",
          tickets_migrations(),
          [opts](module_context& m) { install(m, opts); },
          {{"tickets backfill",
            "open the tickets of orders placed before the tickets module",
            backfill}}};
}

} // namespace souk
