#pragma once

#include <string>

#include "actors/runtime/json_writer.hpp"
#include "actors/ticket/ticket_views.hpp"

namespace souk {

/// A ticket as `v` may see it (Medusa style: ids, snake_case, ISO times):
/// a customer's copy holds no internal note and no assignee. Attachment
/// `url`s point under `base` ("/admin/tickets/<id>" or
/// "/store/tickets/<id>").
void write_ticket(json_writer& w, const std::string& id,
                  const ticket::ticket_state& s, ticket::viewer v);

/// {"ticket": ...}
std::string ticket_body(const std::string& id, const ticket::ticket_state& s,
                        ticket::viewer v);

/// A brief as the API shows it.
void write_brief_json(json_writer& w, const ticket::ticket_brief& b);

/// [{code, message}]
void write_actions(json_writer& w, const std::vector<ticket::action>& actions);

} // namespace souk
