#include "actors/cart/cart_events.hpp"
#include "actors/catalog/catalog_events.hpp"
#include "actors/runtime/event_json.hpp"
#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk::cart {

namespace {

using result = expected<cart_event, std::string>;
using object = simdjson::ondemand::object;
using problem = std::optional<std::string>;

void write(json_writer& w, std::string_view key,
           const std::optional<address>& a) {
  w.key(key).raw(address_json(a));
}

// A stored address: an object, or null.
problem read(object& o, std::string_view key, std::optional<address>& out) {
  simdjson::ondemand::value v;
  if (auto err = o[key].get(v))
    return "field '" + std::string{key} + "': " + simdjson::error_message(err);
  if (v.is_null())
    return std::nullopt;
  object a;
  if (auto err = v.get_object().get(a))
    return "field '" + std::string{key} + "': " + simdjson::error_message(err);
  address x;
  json_fields f{a};
  f.str("first_name", x.first_name)
    .str("last_name", x.last_name)
    .str("company", x.company)
    .str("address_1", x.address_1)
    .str("address_2", x.address_2)
    .str("city", x.city)
    .str("province", x.province)
    .str("postal_code", x.postal_code)
    .str("country_code", x.country_code)
    .str("phone", x.phone);
  if (f.error())
    return f.error();
  out = std::move(x);
  return std::nullopt;
}

struct encoder {
  json_writer& w;

  const char* operator()(const cart_created& e) {
    w.key("region_id").value(e.region_id);
    w.key("currency_code").value(e.currency_code);
    w.key("tax_rate_bp").value(e.tax_rate_bp);
    w.key("sales_channel_id").value(e.sales_channel_id);
    w.key("customer_id").value(e.customer_id).key("email").value(e.email);
    write(w, "shipping_address", e.shipping_address);
    w.key("locale").value(e.locale);
    return event_names::created;
  }
  const char* operator()(const cart_details_updated& e) {
    w.key("email").value(e.email).key("locale").value(e.locale);
    write(w, "shipping_address", e.shipping_address);
    write(w, "billing_address", e.billing_address);
    return event_names::details_updated;
  }
  const char* operator()(const line_item_added& e) {
    auto& i = e.item;
    w.key("item_id").value(i.id).key("variant_id").value(i.variant_id);
    w.key("product_id").value(i.product_id).key("title").value(i.title);
    w.key("variant_title").value(i.variant_title).key("sku").value(i.sku);
    w.key("unit_price").value(i.unit_price).key("quantity").value(i.quantity);
    return event_names::line_item_added;
  }
  const char* operator()(const line_item_quantity_changed& e) {
    w.key("item_id").value(e.item_id).key("quantity").value(e.quantity);
    return event_names::line_item_quantity_changed;
  }
  const char* operator()(const line_item_removed& e) {
    w.key("item_id").value(e.item_id);
    return event_names::line_item_removed;
  }
  const char* operator()(const shipping_method_set& e) {
    auto& m = e.method;
    w.key("method_id").value(m.id).key("option_id").value(m.option_id);
    w.key("name").value(m.name).key("amount").value(m.amount);
    return event_names::shipping_method_set;
  }
  const char* operator()(const payment_collection_created& e) {
    w.key("payment_collection_id").value(e.payment_collection_id);
    return event_names::payment_collection_created;
  }
  const char* operator()(const payment_session_created& e) {
    w.key("payment_session_id").value(e.payment_session_id);
    w.key("provider_id").value(e.provider_id).key("amount").value(e.amount);
    return event_names::payment_session_created;
  }
  const char* operator()(const checkout_started& e) {
    w.key("checkout_id").value(e.checkout_id);
    return event_names::checkout_started;
  }
  const char* operator()(const checkout_ended& e) {
    w.key("checkout_id").value(e.checkout_id);
    return event_names::checkout_ended;
  }
  const char* operator()(const cart_completed& e) {
    w.key("order_id").value(e.order_id);
    return event_names::completed;
  }
  const char* operator()(const cart_region_changed& e) {
    w.key("region_id").value(e.region_id);
    w.key("currency_code").value(e.currency_code);
    w.key("tax_rate_bp").value(e.tax_rate_bp).key("prices").begin_array();
    for (auto& p : e.prices)
      w.begin_object()
        .key("item_id")
        .value(p.item_id)
        .key("unit_price")
        .value(p.unit_price)
        .end_object();
    w.end_array();
    return event_names::region_changed;
  }
  const char* operator()(const cart_promotions_set& e) {
    w.key("promotions").begin_array();
    for (auto& p : e.promotions)
      catalog::write_promotion(w, p);
    w.end_array();
    return event_names::promotions_set;
  }
  const char* operator()(const cart_customer_transferred& e) {
    w.key("customer_id").value(e.customer_id).key("email").value(e.email);
    return event_names::customer_transferred;
  }
};

template <class Event>
result finish(json_fields& f, Event e, problem p = std::nullopt) {
  f.str("by", e.by).i64("at", e.at);
  if (p)
    return *p;
  if (f.error())
    return *f.error();
  return cart_event{std::move(e)};
}

event_codec<cart_event> make_codec() {
  event_codec<cart_event> c;
  c.add(event_names::created, [](object& o) -> result {
    cart_created e;
    json_fields f{o};
    f.str("region_id", e.region_id)
      .str("currency_code", e.currency_code)
      .i64("tax_rate_bp", e.tax_rate_bp)
      .str("sales_channel_id", e.sales_channel_id)
      .str("customer_id", e.customer_id)
      .str("email", e.email)
      .optional_str("locale", e.locale);
    auto p
      = f.error() ? f.error() : read(o, "shipping_address", e.shipping_address);
    return finish(f, std::move(e), p);
  });
  c.add(event_names::details_updated, [](object& o) -> result {
    cart_details_updated e;
    json_fields f{o};
    f.str("email", e.email).optional_str("locale", e.locale);
    auto p
      = f.error() ? f.error() : read(o, "shipping_address", e.shipping_address);
    if (!p)
      p = read(o, "billing_address", e.billing_address);
    return finish(f, std::move(e), p);
  });
  c.add(event_names::region_changed, [](object& o) -> result {
    cart_region_changed e;
    json_fields f{o};
    f.str("region_id", e.region_id)
      .str("currency_code", e.currency_code)
      .i64("tax_rate_bp", e.tax_rate_bp)
      .objects("prices", [&](object& x) -> problem {
        line_price p;
        json_fields g{x};
        g.str("item_id", p.item_id).i64("unit_price", p.unit_price);
        e.prices.push_back(std::move(p));
        return g.error();
      });
    return finish(f, std::move(e));
  });
  c.add(event_names::promotions_set, [](object& o) -> result {
    cart_promotions_set e;
    json_fields f{o};
    f.objects("promotions", [&](object& x) -> problem {
      catalog::promotion p;
      auto bad = catalog::read_promotion(x, p);
      e.promotions.push_back(std::move(p));
      return bad;
    });
    return finish(f, std::move(e));
  });
  c.add(event_names::customer_transferred, [](object& o) -> result {
    cart_customer_transferred e;
    json_fields f{o};
    f.str("customer_id", e.customer_id).str("email", e.email);
    return finish(f, std::move(e));
  });
  c.add(event_names::line_item_added, [](object& o) -> result {
    line_item_added e;
    auto& i = e.item;
    json_fields f{o};
    f.str("item_id", i.id)
      .str("variant_id", i.variant_id)
      .str("product_id", i.product_id)
      .str("title", i.title)
      .str("variant_title", i.variant_title)
      .str("sku", i.sku)
      .i64("unit_price", i.unit_price)
      .i64("quantity", i.quantity);
    return finish(f, std::move(e));
  });
  c.add(event_names::line_item_quantity_changed, [](object& o) -> result {
    line_item_quantity_changed e;
    json_fields f{o};
    f.str("item_id", e.item_id).i64("quantity", e.quantity);
    return finish(f, std::move(e));
  });
  c.add(event_names::line_item_removed, [](object& o) -> result {
    line_item_removed e;
    json_fields f{o};
    f.str("item_id", e.item_id);
    return finish(f, std::move(e));
  });
  c.add(event_names::shipping_method_set, [](object& o) -> result {
    shipping_method_set e;
    json_fields f{o};
    f.str("method_id", e.method.id)
      .str("option_id", e.method.option_id)
      .str("name", e.method.name)
      .i64("amount", e.method.amount);
    return finish(f, std::move(e));
  });
  c.add(event_names::payment_collection_created, [](object& o) -> result {
    payment_collection_created e;
    json_fields f{o};
    f.str("payment_collection_id", e.payment_collection_id);
    return finish(f, std::move(e));
  });
  c.add(event_names::payment_session_created, [](object& o) -> result {
    payment_session_created e;
    json_fields f{o};
    f.str("payment_session_id", e.payment_session_id)
      .str("provider_id", e.provider_id)
      .i64("amount", e.amount);
    return finish(f, std::move(e));
  });
  c.add(event_names::checkout_started, [](object& o) -> result {
    checkout_started e;
    json_fields f{o};
    f.str("checkout_id", e.checkout_id);
    return finish(f, std::move(e));
  });
  c.add(event_names::checkout_ended, [](object& o) -> result {
    checkout_ended e;
    json_fields f{o};
    f.str("checkout_id", e.checkout_id);
    return finish(f, std::move(e));
  });
  c.add(event_names::completed, [](object& o) -> result {
    cart_completed e;
    json_fields f{o};
    f.str("order_id", e.order_id);
    return finish(f, std::move(e));
  });
  return c;
}

} // namespace

new_event encode(const cart_event& event) {
  return encode_event<encoder>(event);
}

std::string address_json(const std::optional<address>& a) {
  if (!a)
    return "null";
  json_writer w;
  w.begin_object();
  w.key("first_name").value(a->first_name).key("last_name").value(a->last_name);
  w.key("company").value(a->company).key("address_1").value(a->address_1);
  w.key("address_2").value(a->address_2).key("city").value(a->city);
  w.key("province").value(a->province).key("postal_code").value(a->postal_code);
  w.key("country_code").value(a->country_code).key("phone").value(a->phone);
  w.end_object();
  return w.take();
}

const event_codec<cart_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

} // namespace souk::cart
