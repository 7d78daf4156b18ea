#pragma once

#include <string>
#include <string_view>

namespace souk {

/// A new UUIDv7 in canonical text form: 48 bits of Unix milliseconds, then
/// 74 bits from the kernel's CSPRNG. Time-ordered ids keep the event_id
/// index append-mostly. Thread-safe.
std::string make_uuid_v7();

/// A Medusa-style id: `prefix` + "_" + a ULID (26 Crockford base32
/// characters: 48 bits of Unix milliseconds, then 80 bits from the
/// kernel's CSPRNG, drawn afresh for every id), e.g.
/// "prod_01M8C387ZDSE14MNQB71PDZVDW". Ids of different milliseconds sort by
/// creation time; within one millisecond their order is random (the random
/// part never counts up, so no id can be guessed from another). Thread-safe.
std::string make_id(std::string_view prefix);

} // namespace souk
