#include "http/customer_json.hpp"

#include "actors/runtime/units.hpp"
#include "http/cart_json.hpp"

namespace souk {

void write_address(json_writer& w, const customer_address& a) {
  w.begin_object().key("id").value(a.id);
  w.key("address_name").value_or_null(a.address_name);
  w.key("is_default_shipping").value(a.is_default_shipping);
  w.key("is_default_billing").value(a.is_default_billing);
  w.key("customer_id").value(a.customer_id);
  write_postal_fields(w, a.postal);
  w.key("metadata").null();
  w.key("created_at").value(iso_time(a.created_at));
  w.key("updated_at").value(iso_time(a.updated_at));
  w.end_object();
}

void write_customer(json_writer& w, const customer_record& c,
                    const std::vector<customer_address>& addresses) {
  w.begin_object().key("id").value(c.id).key("email").value(c.email);
  w.key("company_name").null();
  w.key("first_name").value_or_null(c.first_name);
  w.key("last_name").value_or_null(c.last_name);
  w.key("phone").value_or_null(c.phone);
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
