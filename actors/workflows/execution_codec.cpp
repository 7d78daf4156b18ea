#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/workflows/execution_events.hpp"

namespace souk::workflows {

namespace {

using result = expected<execution_event, std::string>;

// Writes each event's fields and names it. Outputs, inputs and payloads are
// JSON already: stored as JSON, not as strings holding JSON.
struct encoder {
  json_writer& w;

  const char* operator()(const execution_started& e) {
    w.key("workflow").value(e.workflow).key("input").raw(e.input);
    w.key("by").value(e.by).key("at").value(e.at);
    return event_names::started;
  }
  const char* operator()(const step_started& e) {
    w.key("step").value(e.step).key("attempt").value(e.attempt);
    if (e.wait_until > 0)
      w.key("wait_until").value(e.wait_until);
    w.key("at").value(e.at);
    return event_names::step_started;
  }
  const char* operator()(const step_completed& e) {
    w.key("step").value(e.step).key("output").raw(e.output);
    w.key("at").value(e.at);
    return event_names::step_completed;
  }
  const char* operator()(const step_failed& e) {
    w.key("step").value(e.step).key("attempt").value(e.attempt);
    w.key("error").value(e.error).key("retry_at").value(e.retry_at);
    w.key("at").value(e.at).key("code").value(qualified_name(e.code));
    return event_names::step_failed;
  }
  const char* operator()(const signal_received& e) {
    w.key("step").value(e.step).key("payload").raw(e.payload);
    w.key("at").value(e.at);
    return event_names::signal_received;
  }
  const char* operator()(const step_compensated& e) {
    w.key("step").value(e.step).key("attempt").value(e.attempt);
    w.key("at").value(e.at);
    return event_names::step_compensated;
  }
  const char* operator()(const compensation_failed& e) {
    w.key("step").value(e.step).key("attempt").value(e.attempt);
    w.key("error").value(e.error).key("retry_at").value(e.retry_at);
    w.key("at").value(e.at);
    return event_names::compensation_failed;
  }
  const char* operator()(const execution_completed& e) {
    w.key("result").raw(e.result).key("at").value(e.at);
    return event_names::completed;
  }
  const char* operator()(const execution_failed& e) {
    w.key("error").value(e.error).key("at").value(e.at);
    return event_names::failed;
  }
};

json_fields& attempt(json_fields& f, int& out) {
  std::int64_t n = 0;
  f.i64("attempt", n);
  out = static_cast<int>(n);
  return f;
}

template <class Event>
result finish(json_fields& f, Event e) {
  if (f.error())
    return *f.error();
  return execution_event{std::move(e)};
}

event_codec<execution_event> make_codec() {
  event_codec<execution_event> c;
  c.add(event_names::started, [](simdjson::ondemand::object& o) {
    execution_started e;
    json_fields f{o};
    f.str("workflow", e.workflow).raw("input", e.input).str("by", e.by);
    f.i64("at", e.at);
    return finish(f, std::move(e));
  });
  c.add(event_names::step_started, [](simdjson::ondemand::object& o) {
    step_started e;
    json_fields f{o};
    attempt(f.str("step", e.step), e.attempt).i64("at", e.at);
    if (!f.error()) // optional: only signal steps have a deadline
      json_fields{o}.i64("wait_until", e.wait_until);
    return finish(f, std::move(e));
  });
  c.add(event_names::step_completed, [](simdjson::ondemand::object& o) {
    step_completed e;
    json_fields f{o};
    f.str("step", e.step).raw("output", e.output).i64("at", e.at);
    return finish(f, std::move(e));
  });
  c.add(event_names::step_failed, [](simdjson::ondemand::object& o) {
    step_failed e;
    json_fields f{o};
    attempt(f.str("step", e.step), e.attempt)
      .str("error", e.error)
      .i64("retry_at", e.retry_at)
      .i64("at", e.at);
    // Optional: failures stored before codes were have none, and a name
    // this build does not know (a newer one's) reads as internal too.
    std::string code;
    if (!f.error() && !json_fields{o}.str("code", code).error())
      e.code = parse_error_code(code).value_or(runtime_errc::internal);
    return finish(f, std::move(e));
  });
  c.add(event_names::signal_received, [](simdjson::ondemand::object& o) {
    signal_received e;
    json_fields f{o};
    f.str("step", e.step).raw("payload", e.payload).i64("at", e.at);
    return finish(f, std::move(e));
  });
  c.add(event_names::step_compensated, [](simdjson::ondemand::object& o) {
    step_compensated e;
    json_fields f{o};
    attempt(f.str("step", e.step), e.attempt).i64("at", e.at);
    return finish(f, std::move(e));
  });
  c.add(event_names::compensation_failed, [](simdjson::ondemand::object& o) {
    compensation_failed e;
    json_fields f{o};
    attempt(f.str("step", e.step), e.attempt)
      .str("error", e.error)
      .i64("retry_at", e.retry_at)
      .i64("at", e.at);
    return finish(f, std::move(e));
  });
  c.add(event_names::completed, [](simdjson::ondemand::object& o) {
    execution_completed e;
    json_fields f{o};
    f.raw("result", e.result).i64("at", e.at);
    return finish(f, std::move(e));
  });
  c.add(event_names::failed, [](simdjson::ondemand::object& o) {
    execution_failed e;
    json_fields f{o};
    f.str("error", e.error).i64("at", e.at);
    return finish(f, std::move(e));
  });
  return c;
}

} // namespace

new_event encode(const execution_event& event) {
  json_writer w;
  w.begin_object();
  const char* type = std::visit(encoder{w}, event);
  w.end_object();
  return {type, w.take(), {}, ""};
}

const event_codec<execution_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

std::string stream_of(const std::string& execution_id) {
  std::string out{"workflow-"};
  out += execution_id;
  return out;
}

} // namespace souk::workflows
