#include "actors/checkout/order_confirmation.hpp"

#include <map>
#include <stdexcept>

#include <simdjson.h>

#include "actors/order/order_codec.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"

namespace souk::checkout {

namespace {

struct confirmation {
  std::string order_id;
  std::string email;
  std::int64_t display_id = 0;
  std::string total;
};

confirmation read(const std::string& input) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  confirmation c;
  if (parser.parse(input).get(doc))
    return c;
  std::string_view s;
  if (!doc["order_id"].get(s))
    c.order_id = s;
  if (!doc["email"].get(s))
    c.email = s;
  if (!doc["total"].get(s))
    c.total = s;
  std::int64_t n = 0;
  if (!doc["display_id"].get(n))
    c.display_id = n;
  return c;
}

} // namespace

std::string confirmation_key(const recorded_event& placed) {
  return std::string{confirmation_workflow} + ":" + placed.stream_id;
}

std::string confirmation_input(const recorded_event& placed) {
  json_writer w;
  w.begin_object();
  w.key("order_id")
    .value(placed.stream_id.substr(std::string{"order-"}.size()));
  if (auto e = order::codec().decode(placed); e) {
    auto& o = std::get<order::order_placed>(*e);
    w.key("email").value(o.checkout.email);
    w.key("display_id").value(o.checkout.display_id);
    w.key("total").value(major_units(o.total, o.currency_code) + " "
                         + o.currency_code);
  }
  w.end_object();
  return w.take();
}

notifications::message_template confirmation_message() {
  return {confirmation_workflow, "Your order #{{display_id}} is confirmed",
          "Thank you for your order #{{display_id}}.\nTotal: {{total}}\n"
          "We will write again when it is on its way.\n",
          "<!DOCTYPE html>\n<html><body>\n"
          "<p>Thank you for your order <strong>#{{display_id}}</strong>.</p>\n"
          "<p>Total: <strong>{{total}}</strong></p>\n"
          "<p>We will write again when it is on its way.</p>\n"
          "</body></html>\n"};
}

workflows::workflow_definition
order_confirmation_workflow(std::shared_ptr<notifications::notifier> notifier,
                            std::shared_ptr<workflows::step_pool> pool,
                            notifications::message_template message) {
  using namespace std::chrono_literals;
  auto fields = [](const confirmation& c) {
    return std::map<std::string, std::string>{
      {"display_id", std::to_string(c.display_id)}, {"total", c.total}};
  };
  // A template that names a field the workflow does not fill is refused
  // here, at start, not when the first order is placed.
  if (auto tried = render(message, fields({})); !tried)
    throw std::invalid_argument{tried.error()};
  auto mail = notifications::notify_step(
    notifier, pool, [message, fields](const workflows::step_context& ctx) {
      auto c = read(ctx.input);
      auto text = render(message, fields(c));
      return notifications::make_notification("order.placed:" + c.order_id,
                                              c.email, text->subject,
                                              text->body, text->html);
    });
  return workflows::workflow(confirmation_workflow)
    .step(
      "mail",
      [mail](const workflows::step_context& ctx, workflows::step_done done) {
        if (read(ctx.input).email.empty())
          return done(std::string{R"({"skipped":"no e-mail"})"});
        mail(ctx, std::move(done));
      })
    .retry(5, 2s)
    .build();
}

} // namespace souk::checkout
