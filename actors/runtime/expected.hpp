#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace souk {

/// Either a value or an error: expected failures are values, not exceptions.
/// (C++20 has no std::expected; this is the small subset we use.)
template <class T, class E>
class expected {
public:
  expected(T value) : v_(std::in_place_index<0>, std::move(value)) {
    // nop
  }

  expected(E err) : v_(std::in_place_index<1>, std::move(err)) {
    // nop
  }

  explicit operator bool() const noexcept { return v_.index() == 0; }

  T& operator*() {
    assert(*this);
    return std::get<0>(v_);
  }

  const T& operator*() const {
    assert(*this);
    return std::get<0>(v_);
  }

  T* operator->() { return &**this; }

  const T* operator->() const { return &**this; }

  /// Precondition: holds an error.
  const E& error() const {
    assert(!*this);
    return std::get<1>(v_);
  }

private:
  std::variant<T, E> v_;
};

} // namespace souk
