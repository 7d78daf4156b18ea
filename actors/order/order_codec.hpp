#pragma once

#include "actors/order/order_events.hpp"
#include "actors/runtime/event_codec.hpp"

namespace souk::order {

/// The persisted name of every order event: the one table the encoder, the
/// decoder and every subscriber filter read (a name is a stored format:
/// never renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* placed = "order.placed.v1";
inline constexpr const char* payment_authorized = "order.payment_authorized.v1";
inline constexpr const char* payment_captured = "order.payment_captured.v1";
inline constexpr const char* fulfilled = "order.fulfilled.v1";
inline constexpr const char* shipped = "order.shipped.v1";
inline constexpr const char* delivered = "order.delivered.v1";
inline constexpr const char* completed = "order.completed.v1";
inline constexpr const char* canceled = "order.canceled.v1";
inline constexpr const char* refunded = "order.refunded.v1";
} // namespace event_names

/// `event` as it is stored: its persisted name ("order.placed.v1") and its
/// JSON payload. Money stays in integer minor units.
new_event encode(const order_event& event);

/// Decoders of every persisted order event name.
const event_codec<order_event>& codec();

} // namespace souk::order
