#include "http/customer_json.hpp"

#include "actors/runtime/units.hpp"

namespace souk {

namespace {

// Medusa shows an unset text field as null.
void text_or_null(json_writer& w, std::string_view key, const std::string& v) {
  if (v.empty())
    w.key(key).null();
  else
    w.key(key).value(v);
}

} // namespace

void write_address(json_writer& w, const customer_address& a) {
  auto& p = a.postal;
  w.begin_object().key("id").value(a.id);
  text_or_null(w, "address_name", a.address_name);
  w.key("is_default_shipping").value(a.is_default_shipping);
  w.key("is_default_billing").value(a.is_default_billing);
  w.key("customer_id").value(a.customer_id);
  text_or_null(w, "company", p.company);
  text_or_null(w, "first_name", p.first_name);
  text_or_null(w, "last_name", p.last_name);
  text_or_null(w, "address_1", p.address_1);
  text_or_null(w, "address_2", p.address_2);
  text_or_null(w, "city", p.city);
  text_or_null(w, "country_code", p.country_code);
  text_or_null(w, "province", p.province);
  text_or_null(w, "postal_code", p.postal_code);
  text_or_null(w, "phone", p.phone);
  w.key("metadata").null();
  w.key("created_at").value(iso_time(a.created_at));
  w.key("updated_at").value(iso_time(a.updated_at));
  w.end_object();
}

void write_customer(json_writer& w, const customer_record& c,
                    const std::vector<customer_address>& addresses) {
  w.begin_object().key("id").value(c.id).key("email").value(c.email);
  w.key("company_name").null();
  text_or_null(w, "first_name", c.first_name);
  text_or_null(w, "last_name", c.last_name);
  text_or_null(w, "phone", c.phone);
  w.key("metadata").null().key("has_account").value(true);
  w.key("deleted_at").null();
  w.key("created_at").value(iso_time(c.created_at));
  w.key("updated_at").value(iso_time(c.updated_at));
  w.key("addresses").begin_array();
  for (auto& a : addresses)
    write_address(w, a);
  w.end_array();
  w.end_object();
}

} // namespace souk
