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
  w.key("collection_id").value(p.collection_id).key("category_ids");
  write_strings(w, p.category_ids);
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
    .optional_str("collection_id", p.collection_id)
    .optional_strings("category_ids", p.category_ids)
    .i64("created_at", p.created_at)
    .i64("updated_at", p.updated_at);
  return f.error();
}

void write(json_writer& w, const collection& c) {
  w.begin_object();
  w.key("id").value(c.id).key("title").value(c.title);
  w.key("handle").value(c.handle).key("created_at").value(c.created_at);
  w.key("updated_at").value(c.updated_at).end_object();
}

problem read(object& o, collection& c) {
  json_fields f{o};
  f.str("id", c.id)
    .str("title", c.title)
    .str("handle", c.handle)
    .i64("created_at", c.created_at)
    .i64("updated_at", c.updated_at);
  return f.error();
}

void write(json_writer& w, const category& c) {
  w.begin_object();
  w.key("id").value(c.id).key("name").value(c.name);
  w.key("handle").value(c.handle).key("description").value(c.description);
  w.key("parent_category_id").value(c.parent_category_id);
  w.key("rank").value(c.rank).key("is_active").value(c.is_active);
  w.key("is_internal").value(c.is_internal);
  w.key("created_at").value(c.created_at).key("updated_at").value(c.updated_at);
  w.end_object();
}

problem read(object& o, category& c) {
  json_fields f{o};
  f.str("id", c.id)
    .str("name", c.name)
    .str("handle", c.handle)
    .str("description", c.description)
    .str("parent_category_id", c.parent_category_id)
    .i64("rank", c.rank)
    .boolean("is_active", c.is_active)
    .boolean("is_internal", c.is_internal)
    .i64("created_at", c.created_at)
    .i64("updated_at", c.updated_at);
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

} // namespace

void write_promotion(json_writer& w, const promotion& p) {
  w.begin_object();
  w.key("id").value(p.id).key("code").value(p.code);
  w.key("status").value(p.status).key("method").value(p.method);
  w.key("target").value(p.target).key("allocation").value(p.allocation);
  w.key("value").value(p.value).key("currency_code").value(p.currency_code);
  w.key("product_ids");
  write_strings(w, p.product_ids);
  w.key("region_ids");
  write_strings(w, p.region_ids);
  w.key("starts_at").value(p.starts_at).key("ends_at").value(p.ends_at);
  w.key("usage_limit").value(p.usage_limit);
  w.key("created_at").value(p.created_at).key("updated_at").value(p.updated_at);
  w.end_object();
}

std::optional<std::string> read_promotion(object& o, promotion& p) {
  json_fields f{o};
  f.str("id", p.id)
    .str("code", p.code)
    .str("status", p.status)
    .str("method", p.method)
    .str("target", p.target)
    .str("allocation", p.allocation)
    .i64("value", p.value)
    .str("currency_code", p.currency_code)
    .strings("product_ids", p.product_ids)
    .strings("region_ids", p.region_ids)
    .i64("starts_at", p.starts_at)
    .i64("ends_at", p.ends_at)
    .i64("usage_limit", p.usage_limit)
    .i64("created_at", p.created_at)
    .i64("updated_at", p.updated_at);
  return f.error();
}

namespace {

problem read(object& o, promotion& p) {
  return read_promotion(o, p);
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
  const char* operator()(const collection_created& e) {
    write(w.key("collection"), e.collection);
    return event_names::collection_created;
  }
  const char* operator()(const collection_updated& e) {
    write(w.key("collection"), e.collection);
    return event_names::collection_updated;
  }
  const char* operator()(const collection_deleted& e) {
    w.key("collection_id").value(e.collection_id);
    return event_names::collection_deleted;
  }
  const char* operator()(const category_created& e) {
    write(w.key("category"), e.category);
    return event_names::category_created;
  }
  const char* operator()(const category_updated& e) {
    write(w.key("category"), e.category);
    return event_names::category_updated;
  }
  const char* operator()(const category_deleted& e) {
    w.key("category_id").value(e.category_id);
    return event_names::category_deleted;
  }
  const char* operator()(const promotion_created& e) {
    write_promotion(w.key("promotion"), e.promotion);
    return event_names::promotion_created;
  }
  const char* operator()(const promotion_updated& e) {
    write_promotion(w.key("promotion"), e.promotion);
    return event_names::promotion_updated;
  }
  const char* operator()(const promotion_deleted& e) {
    w.key("promotion_id").value(e.promotion_id);
    return event_names::promotion_deleted;
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
  c.add(event_names::collection_created, [](object& o) -> result {
    return document<collection_created>(o, "collection",
                                        &collection_created::collection);
  });
  c.add(event_names::collection_updated, [](object& o) -> result {
    return document<collection_updated>(o, "collection",
                                        &collection_updated::collection);
  });
  c.add(event_names::collection_deleted, [](object& o) -> result {
    collection_deleted e;
    json_fields f{o};
    f.str("collection_id", e.collection_id);
    return finish(o, std::move(e), f.error());
  });
  c.add(event_names::category_created, [](object& o) -> result {
    return document<category_created>(o, "category",
                                      &category_created::category);
  });
  c.add(event_names::category_updated, [](object& o) -> result {
    return document<category_updated>(o, "category",
                                      &category_updated::category);
  });
  c.add(event_names::promotion_created, [](object& o) -> result {
    return document<promotion_created>(o, "promotion",
                                       &promotion_created::promotion);
  });
  c.add(event_names::promotion_updated, [](object& o) -> result {
    return document<promotion_updated>(o, "promotion",
                                       &promotion_updated::promotion);
  });
  c.add(event_names::promotion_deleted, [](object& o) -> result {
    promotion_deleted e;
    json_fields f{o};
    f.str("promotion_id", e.promotion_id);
    return finish(o, std::move(e), f.error());
  });
  c.add(event_names::category_deleted, [](object& o) -> result {
    category_deleted e;
    json_fields f{o};
    f.str("category_id", e.category_id);
    return finish(o, std::move(e), f.error());
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
