// Message templates: the text a module declares, filled per message.
#include "actors/notifications/message_template.hpp"

#include <gtest/gtest.h>

#include "actors/checkout/order_confirmation.hpp"

namespace souk::notifications {
namespace {

TEST(MessageTemplate, FillsEveryPlaceholderFromItsFields) {
  message_template t{"t", "Order #{{n}}", "Hi {{who}}, order #{{n}}.\n"};
  auto r = render(t, {{"n", "1001"}, {"who", "Ada"}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->subject, "Order #1001");
  EXPECT_EQ(r->body, "Hi Ada, order #1001.\n");
}

TEST(MessageTemplate, AHoleIsAnErrorNotAMessage) {
  auto missing = render({"t", "Order #{{n}}", ""}, {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "template t: no value for {{n}}");
  auto open = render({"t", "", "Hi {{who"}, {{"who", "Ada"}});
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error(), "template t: unclosed {{");
}

TEST(MessageTemplate,
     TheConfirmationIsRefusedAtStartWhenItNamesAnUnknownField) {
  auto pool = std::make_shared<workflows::step_pool>(1);
  EXPECT_NO_THROW(checkout::order_confirmation_workflow(
    nullptr, pool, checkout::confirmation_message()));
  EXPECT_THROW(checkout::order_confirmation_workflow(
                 nullptr, pool, {"order-confirmation", "{{colour}}", ""}),
               std::invalid_argument);
}

} // namespace
} // namespace souk::notifications
