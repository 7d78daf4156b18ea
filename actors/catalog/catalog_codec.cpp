#include "actors/catalog/catalog_events.hpp"
#include "actors/runtime/event_json.hpp"
#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk::catalog {

namespace {

using result = expected<catalog_event, std::string>;
using object = simdjson::ondemand::object;
using problem = std::optional<std::string>;

void write_strings(json_writer& w, const std::vector<std::string>& xs) {
  w.begin_array();
  for (auto& x : xs)
    w.value(x);
  w.end_array();
}

void write(json_writer& w, const product& p) {
  w.begin_object();
  w.key("id").value(p.id).key("title").value(p.title);
  w.key("handle").value(p.handle).key("subtitle").value(p.subtitle);
  w.key("description").value(p.description).key("status").value(p.status);
  w.key("options").begin_array();
  for (auto& o : p.options) {
    w.begin_object().key("id").value(o.id).key("title").value(o.title);
    w.key("values");
    write_strings(w, o.values);
    w.end_object();
  }
  w.end_array().key("variants").begin_array();
  for (auto& v : p.variants) {
    w.begin_object().key("id").value(v.id).key("title").value(v.title);
    w.key("sku").value(v.sku).key("manage_inventory").value(v.manage_inventory);
    w.key("prices").begin_array();
    for (auto& pr : v.prices)
      w.begin_object()
        .key("currency_code")
        .value(pr.currency_code)
        .key("amount")
        .value(pr.amount)
        .end_object();
    w.end_array().key("options").begin_array();
    for (auto& [title, value] : v.options)
      w.begin_object()
        .key("title")
        .value(title)
        .key("value")
        .value(value)
        .end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.key("created_at").value(p.created_at).key("updated_at").value(p.updated_at);
  w.end_object();
}

problem read(object& o, product& p) {
  json_fields f{o};
  f.str("id", p.id)
    .str("title", p.title)
    .str("handle", p.handle)
    .str("subtitle", p.subtitle)
    .str("description", p.description)
    .str("status", p.status)
    .objects("options",
             [&](object& x) -> problem {
               product_option opt;
               json_fields g{x};
               g.str("id", opt.id)
                 .str("title", opt.title)
                 .strings("values", opt.values);
               p.options.push_back(std::move(opt));
               return g.error();
             })
    .objects(
      "variants",
      [&](object& x) -> problem {
        variant v;
        json_fields g{x};
        g.str("id", v.id)
          .str("title", v.title)
          .str("sku", v.sku)
          .boolean("manage_inventory", v.manage_inventory)
          .objects(
            "prices",
            [&](object& y) -> problem {
              price pr;
              json_fields h{y};
              h.str("currency_code", pr.currency_code).i64("amount", pr.amount);
              v.prices.push_back(pr);
              return h.error();
            })
          .objects("options", [&](object& y) -> problem {
            std::string title, value;
            json_fields h{y};
            h.str("title", title).str("value", value);
            v.options[title] = value;
            return h.error();
          });
        p.variants.push_back(std::move(v));
        return g.error();
      })
    .i64("created_at", p.created_at)
    .i64("updated_at", p.updated_at);
  return f.error();
}

void write(json_writer& w, const region& r) {
  w.begin_object();
  w.key("id").value(r.id).key("name").value(r.name);
  w.key("currency_code").value(r.currency_code);
  w.key("tax_rate_bp").value(r.tax_rate_bp).key("countries");
  write_strings(w, r.countries);
  w.key("created_at").value(r.created_at).end_object();
}

problem read(object& o, region& r) {
  json_fields f{o};
  f.str("id", r.id)
    .str("name", r.name)
    .str("currency_code", r.currency_code)
    .i64("tax_rate_bp", r.tax_rate_bp)
    .strings("countries", r.countries)
    .i64("created_at", r.created_at);
  return f.error();
}

void write(json_writer& w, const shipping_option& o) {
  w.begin_object();
  w.key("id").value(o.id).key("name").value(o.name);
  w.key("region_id").value(o.region_id).key("amount").value(o.amount);
  w.key("created_at").value(o.created_at).end_object();
}

problem read(object& x, shipping_option& o) {
  json_fields f{x};
  f.str("id", o.id)
    .str("name", o.name)
    .str("region_id", o.region_id)
    .i64("amount", o.amount)
    .i64("created_at", o.created_at);
  return f.error();
}

// Every event: its document under one key, then "by" and "at".
struct encoder {
  json_writer& w;

  const char* operator()(const region_created& e) {
    write(w.key("region"), e.region);
    return event_names::region_created;
  }
  const char* operator()(const region_updated& e) {
    write(w.key("region"), e.region);
    return event_names::region_updated;
  }
  const char* operator()(const region_deleted& e) {
    w.key("region_id").value(e.region_id);
    return event_names::region_deleted;
  }
  const char* operator()(const product_created& e) {
    w.key("product");
    write(w, e.product);
    return event_names::product_created;
  }
  const char* operator()(const product_updated& e) {
    w.key("product");
    write(w, e.product);
    return event_names::product_updated;
  }
  const char* operator()(const product_deleted& e) {
    w.key("product_id").value(e.product_id);
    return event_names::product_deleted;
  }
  const char* operator()(const shipping_option_created& e) {
    write(w.key("shipping_option"), e.option);
    return event_names::shipping_option_created;
  }
  const char* operator()(const shipping_option_updated& e) {
    write(w.key("shipping_option"), e.option);
    return event_names::shipping_option_updated;
  }
  const char* operator()(const shipping_option_deleted& e) {
    w.key("shipping_option_id").value(e.option_id);
    return event_names::shipping_option_deleted;
  }
  const char* operator()(const publishable_key_created& e) {
    auto& k = e.key;
    w.key("key").begin_object();
    w.key("token")
      .value(k.token)
      .key("sales_channel_id")
      .value(k.sales_channel_id);
    w.key("title").value(k.title).end_object();
    return event_names::publishable_key_created;
  }
};

template <class Event>
result finish(object& o, Event e, problem p) {
  if (p)
    return *p;
  json_fields f{o};
  f.str("by", e.by).i64("at", e.at);
  if (f.error())
    return *f.error();
  return catalog_event{std::move(e)};
}

problem sub(object& o, std::string_view key, object& out) {
  if (auto err = o[key].get_object().get(out))
    return "field '" + std::string{key} + "': " + simdjson::error_message(err);
  return std::nullopt;
}

// An event that carries one document under `key`.
template <class Event, class Doc>
result document(object& o, std::string_view key, Doc Event::*field) {
  Event e;
  object x;
  auto p = sub(o, key, x);
  if (!p)
    p = read(x, e.*field);
  return finish(o, std::move(e), p);
}

event_codec<catalog_event> make_codec() {
  event_codec<catalog_event> c;
  c.add(event_names::region_created, [](object& o) -> result {
    return document<region_created>(o, "region", &region_created::region);
  });
  c.add(event_names::region_updated, [](object& o) -> result {
    return document<region_updated>(o, "region", &region_updated::region);
  });
  c.add(event_names::region_deleted, [](object& o) -> result {
    region_deleted e;
    json_fields f{o};
    f.str("region_id", e.region_id);
    return finish(o, std::move(e), f.error());
  });
  c.add(event_names::product_created, [](object& o) -> result {
    return document<product_created>(o, "product", &product_created::product);
  });
  c.add(event_names::product_updated, [](object& o) -> result {
    return document<product_updated>(o, "product", &product_updated::product);
  });
  c.add(event_names::product_deleted, [](object& o) -> result {
    product_deleted e;
    json_fields f{o};
    f.str("product_id", e.product_id);
    return finish(o, std::move(e), f.error());
  });
  c.add(event_names::shipping_option_created, [](object& o) -> result {
    return document<shipping_option_created>(o, "shipping_option",
                                             &shipping_option_created::option);
  });
  c.add(event_names::shipping_option_updated, [](object& o) -> result {
    return document<shipping_option_updated>(o, "shipping_option",
                                             &shipping_option_updated::option);
  });
  c.add(event_names::shipping_option_deleted, [](object& o) -> result {
    shipping_option_deleted e;
    json_fields f{o};
    f.str("shipping_option_id", e.option_id);
    return finish(o, std::move(e), f.error());
  });
  c.add(event_names::publishable_key_created, [](object& o) -> result {
    publishable_key_created e;
    object x;
    auto p = sub(o, "key", x);
    if (!p) {
      json_fields f{x};
      f.str("token", e.key.token)
        .str("sales_channel_id", e.key.sales_channel_id)
        .str("title", e.key.title);
      p = f.error();
    }
    return finish(o, std::move(e), p);
  });
  return c;
}

} // namespace

new_event encode(const catalog_event& event) {
  return encode_event<encoder>(event);
}

const event_codec<catalog_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

} // namespace souk::catalog
