#pragma once

#include <caf/atom.hpp>

namespace souk {

// Every atom of the runtime, in one place (at most 10 characters in CAF 0.17).
using append_atom = caf::atom_constant<caf::atom("append")>;
using appended_atom = caf::atom_constant<caf::atom("appended")>;
using read_atom = caf::atom_constant<caf::atom("read")>;
using count_atom = caf::atom_constant<caf::atom("count")>;
using peak_atom = caf::atom_constant<caf::atom("peak")>;
using publish_atom = caf::atom_constant<caf::atom("publish")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using committed_atom = caf::atom_constant<caf::atom("committed")>;
using load_snap_atom = caf::atom_constant<caf::atom("load_snap")>;
using save_snap_atom = caf::atom_constant<caf::atom("save_snap")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;

} // namespace souk
