#include "persistence/ticket_list.hpp"

#include "actors/ticket/ticket_events.hpp"

namespace souk {

const std::vector<std::string>& ticket_list_event_types() {
  using namespace ticket::event_names;
  static const std::vector<std::string> types{
    assigned,       attachment_added, brief_updated, brief_updated_v1,
    moved,          note_added,       opened,        opened_v1,
    proof_attached, proof_decided,    voided};
  return types;
}

} // namespace souk
