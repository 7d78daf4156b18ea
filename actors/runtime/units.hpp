// Money in minor units and time in UTC, converted at the JSON edge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace souk {

/// Digits after the decimal point of a currency's major unit (2 for eur,
/// 0 for jpy). Codes are ISO 4217, lower case as Medusa writes them.
int currency_exponent(std::string_view currency_code) noexcept;

/// `minor` units as a JSON number in major units, as Medusa's JSON has
/// amounts: 2000 eur → "20", 1999 → "19.99", 5 → "0.05". Exact: no
/// floating point on the way.
std::string major_units(std::int64_t minor, std::string_view currency_code);

/// A JSON number text in major units (`"19.99"`, `"20"`, `"1e3"` is
/// refused) as minor units; nullopt when it has more decimals than the
/// currency or does not fit.
std::optional<std::int64_t> minor_units(std::string_view major,
                                        std::string_view currency_code);

/// `scaled` / 10^exp as a JSON number text, exactly: (1950, 2) → "19.5"
/// (basis points as a percentage), (2000, 2) → "20". The inverse of
/// `scaled_decimal`.
std::string decimal_text(std::int64_t scaled, int exp);

/// A decimal number text times 10^exp, exactly: ("19.5", 2) → 1950 (a tax
/// rate in basis points); nullopt with more than `exp` decimals or too big.
std::optional<std::int64_t> scaled_decimal(std::string_view decimal, int exp);

/// Unix milliseconds as RFC 3339 UTC with milliseconds,
/// "2026-11-26T14:13:18.960Z".
std::string iso_time(std::int64_t unix_ms);

/// Now, in Unix milliseconds.
std::int64_t now_ms();

} // namespace souk
