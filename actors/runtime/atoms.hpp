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
using vacant_atom = caf::atom_constant<caf::atom("vacant")>;
using wf_start_atom = caf::atom_constant<caf::atom("wf_start")>;
using wf_result_atom = caf::atom_constant<caf::atom("wf_result")>;
using wf_signal_atom = caf::atom_constant<caf::atom("wf_signal")>;
using wf_inspect_atom = caf::atom_constant<caf::atom("wf_inspect")>;
using wf_list_atom = caf::atom_constant<caf::atom("wf_list")>;
using wf_resume_atom = caf::atom_constant<caf::atom("wf_resume")>;
using step_done_atom = caf::atom_constant<caf::atom("step_done")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;

} // namespace souk
