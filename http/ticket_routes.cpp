// The tickets module's API: the support team's (/admin/tickets) and the
// customer's (/store/tickets). Who may call each route is in the table at
// the end; a customer reaches only their own tickets (`owner-of(ticket)`,
// checked by the gate with the ticket itself), and another customer's
// ticket is a 404.
#include <charconv>

#include <spdlog/spdlog.h>

#include "actors/runtime/sha256.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "actors/ticket/ticket_codec.hpp"
#include "actors/ticket/ticket_entity.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/ticket_json.hpp"
#include "http/ticket_routes.hpp"

#include "actors/runtime/sha256.hpp"
#include "http/ticket_uploads.hpp"
#include "persistence/postgres.hpp"

namespace souk {

using namespace ticket;

std::string ticket_missing(const std::string& id) {
  return "Ticket with id '" + id + "' was not found";
}

namespace {

using ticket_reply = entity_reply<ticket_domain>;

const entity_ref<ticket_domain>& tickets_of(services& ctx) {
  return ctx.entities<ticket_domain>();
}

viewer viewer_of(const request& req) {
  return req.who.actor_type == "user" ? viewer::support : viewer::customer;
}

// Who acts on a store route: the signed-in customer, or the holder of a
// guest order's ticket; always the customer's side, never support's.
std::string store_author(const request& req) {
  return "customer:"
         + (req.who.actor_id.empty() ? std::string{"guest"} : req.who.actor_id);
}

std::string author(const request& req) {
  return viewer_of(req) == viewer::support ? actor_of(req) : store_author(req);
}

http_response bad_request(const std::string& message) {
  return error_response(http::status::bad_request, "invalid_data", message);
}

http_response ticket_response(const std::string& id, const ticket_state& s,
                              viewer v) {
  return json_response(http::status::ok, ticket_body(id, s, v));
}

// The database is away: the detail for the log, a plain 503 for the client.
http_response unavailable(const std::string& detail) {
  spdlog::warn("tickets: {}", detail);
  return busy_response("database unavailable");
}

// Answers a write's reply: {ticket} as `v` sees it, or the refusal. A
// write against an old version answers 409 {type: "conflict", message,
// ticket} with the ticket as it is now, so the client can redo its change.
auto answer_write(entity_ref<ticket_domain> tickets, std::string id, viewer v,
                  responder respond) {
  return [tickets, id, v, respond](ticket_reply r) {
    if (r)
      return respond(ticket_response(id, *r, v));
    if (r.error().code != domain_errc::stale_version)
      return respond(entity_error_response(r.error(), ticket_missing(id)));
    tickets.ask(
      id, get_ticket{},
      [id, v, respond, message = r.error().message](ticket_reply now) {
        if (!now)
          return respond(
            entity_error_response(now.error(), ticket_missing(id)));
        json_writer w;
        w.begin_object().key("type").value("conflict");
        w.key("message").value(message).key("ticket");
        write_ticket(w, id, *now, v);
        w.end_object();
        respond(json_response(http::status::conflict, w.take()));
      },
      entity_timeout);
  };
}

// Sends `cmd` to ticket `id` and answers as `answer_write` does.
void write_ticket_command(services& ctx, const std::string& id,
                          ticket_command cmd, viewer v, responder respond) {
  auto tickets = tickets_of(ctx);
  tickets.ask(id, std::move(cmd), answer_write(tickets, id, v, respond),
              entity_timeout);
}

void get_ticket_route(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  call_entity(
    tickets_of(ctx), id, get_ticket{}, respond,
    [id, v = viewer_of(*req)](const ticket_state& s) {
      return ticket_response(id, s, v);
    },
    ticket_missing(id));
}

// POST /admin/tickets/:id/status {status, reason?, version?}
void move_route(services& ctx, request_ptr req, responder respond) {
  std::string status;
  std::optional<std::string> reason;
  std::optional<std::int64_t> version;
  if (auto bad = read_body(req->raw.body(), {{"status", text(status)},
                                             {"reason", text(reason)},
                                             {"version", integer(version)}}))
    return respond(bad_request(*bad));
  auto to = parse_status(status);
  if (!to)
    return respond(
      bad_request("Invalid request: 'status' must be one of brief_received, "
                  "designing_artwork, fulfilling, delivered"));
  write_ticket_command(
    ctx, req->param("id"),
    move_ticket{*to, reason.value_or(""), actor_of(*req), now_ms(), version},
    viewer::support, respond);
}

// POST .../notes {text, internal? (support only), version?}
void note_route(services& ctx, request_ptr req, responder respond) {
  std::string note;
  std::optional<bool> internal;
  std::optional<std::int64_t> version;
  auto v = viewer_of(*req);
  field_readers fields{{"text", text(note, text_limits::note)},
                       {"version", integer(version)}};
  if (v == viewer::support)
    fields.emplace("internal", boolean(internal));
  if (auto bad = read_body(req->raw.body(), fields))
    return respond(bad_request(*bad));
  if (note.empty())
    return respond(bad_request("Invalid request: Field 'text' is required"));
  write_ticket_command(ctx, req->param("id"),
                       add_note{make_id("note"), note, internal.value_or(false),
                                author(*req), now_ms(), version},
                       v, respond);
}

// POST /admin/tickets/:id/assign {assignee_id: an admin user's id | null}
void assign_route(services& ctx, request_ptr req, responder respond) {
  std::optional<std::string> assignee;
  std::optional<std::int64_t> version;
  if (auto bad
      = read_body(req->raw.body(), {{"assignee_id", text_or_null(assignee)},
                                    {"version", integer(version)}}))
    return respond(bad_request(*bad));
  auto id = req->param("id");
  auto command = [&ctx, req, id, assignee, version, respond] {
    write_ticket_command(
      ctx, id,
      assign_ticket{assignee.value_or(""), actor_of(*req), now_ms(), version},
      viewer::support, respond);
  };
  if (!assignee || assignee->empty())
    return command();
  // The assignee must be an admin user who may sign in.
  ctx.db.run(
    [assignee, command, respond](db_handles& h) {
      auto active = h.accounts.user_active(*assignee);
      if (!active)
        return respond(unavailable(active.error().message));
      if (!*active)
        return respond(bad_request("Invalid request: no active admin user '"
                                   + assignee->substr(0, 100) + "'"));
      command();
    },
    respond);
}

// POST /store/tickets/:id/brief {text?, colors?, print_size?,
// quantity_notes?, reference_urls?, version?}: the fields given change.
void brief_route(services& ctx, request_ptr req, responder respond) {
  brief_patch p;
  std::optional<std::int64_t> version;
  using namespace brief_limits;
  if (auto bad = read_body(
        req->raw.body(),
        {{"text", souk::text(p.text, brief_limits::text)},
         {"colors", strings(p.colors, color)},
         {"print_size", souk::text(p.print_size, print_size)},
         {"quantity_notes", souk::text(p.quantity_notes, quantity_notes)},
         {"reference_urls", strings(p.reference_urls, reference_url)},
         {"version", integer(version)}}))
    return respond(bad_request(*bad));
  write_ticket_command(ctx, req->param("id"),
                       update_brief{p, store_author(*req), now_ms(), version},
                       viewer::customer, respond);
}

// POST /store/tickets/:id/proofs/:proof_id/approve | /request-changes
route_handler proof_decision(services& ctx, proof_status decision) {
  return [&ctx, decision](request_ptr req, responder respond) {
    std::optional<std::string> comment;
    std::optional<std::int64_t> version;
    if (auto bad = read_body(req->raw.body(),
                             {{"comment", text(comment, text_limits::comment)},
                              {"version", integer(version)}}))
      return respond(bad_request(*bad));
    write_ticket_command(ctx, req->param("id"),
                         decide_proof{req->param("proof_id"), decision,
                                      comment.value_or(""), store_author(*req),
                                      now_ms(), version},
                         viewer::customer, respond);
  };
}

// GET .../history: the ticket's events as the caller may see them.
void history_route(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  auto v = viewer_of(*req);
  ctx.db.run(
    [&ctx, id, v, respond](db_handles&) {
      auto read = ctx.store.read(ticket_domain::stream(id), 1);
      if (!read)
        return respond(unavailable(read.error().message));
      std::vector<versioned_event> events;
      for (auto& ev : *read) {
        auto decoded = codec().decode(ev);
        if (!decoded) {
          spdlog::error("ticket {}: {}", id, decoded.error().message);
          return respond(error_response(http::status::internal_server_error,
                                        "unknown_error",
                                        "An unknown error occurred."));
        }
        if (std::holds_alternative<ticket_voided>(*decoded))
          events.clear();
        events.push_back({ev.version, std::move(*decoded)});
      }
      if (events.empty()
          || std::holds_alternative<ticket_voided>(events.back().event))
        return respond(error_response(http::status::not_found, "not_found",
                                      ticket_missing(id)));
      json_writer w;
      w.begin_object().key("history");
      write_history(w, events, v);
      w.end_object();
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

ticket_files_port& files(db_handles& h) {
  return h.port<ticket_files_port>(open_ticket_files);
}

// POST .../attachments (customer) and .../proofs (support): the body is
// the file, its Content-Type the file's, `?filename=` its name,
// `?version=` the version the client saw. The ticket's rules are checked
// on the ticket as it is before the bytes are stored; the ticket then
// records the file. Only a refusal removes the bytes again: after a
// timeout the file may yet be recorded.
route_handler upload(services& ctx, bool proof) {
  return [&ctx, proof](request_ptr req, responder respond) {
    auto type = media_type(req->header("content-type"));
    if (auto refused
        = check_upload(type, req->raw.body(), ctx.cfg.tickets.max_file_bytes))
      return respond(
        error_response(refused->status, "invalid_data", refused->message));
    std::optional<std::int64_t> version;
    if (auto text = req->query_param("version")) {
      std::int64_t n = 0;
      auto [end, err]
        = std::from_chars(text->data(), text->data() + text->size(), n);
      if (err != std::errc{} || end != text->data() + text->size())
        return respond(bad_request("Invalid request: 'version' is a number"));
      version = n;
    }
    auto id = req->param("id");
    auto row = std::make_shared<ticket_file_row>();
    row->id = make_id("file");
    row->ticket_id = id;
    row->filename
      = safe_filename(req->query_param("filename").value_or("file"), type);
    row->content_type = type;
    row->size = static_cast<std::int64_t>(req->raw.body().size());
    row->created_at = now_ms();
    ticket_file file{row->id, row->filename, type, row->size, ""};
    auto by = author(*req);
    auto v = viewer_of(*req);
    auto tickets = tickets_of(ctx);
    auto command = [proof, by, at = row->created_at, version](ticket_file f) {
      return proof ? ticket_command{attach_proof{f, by, at, version}}
                   : ticket_command{add_attachment{f, by, at, version}};
    };
    tickets.ask(
      id, get_ticket{},
      [&ctx, tickets, req, row, file, command, id, v,
       respond](ticket_reply now) {
        if (!now)
          return respond(
            entity_error_response(now.error(), ticket_missing(id)));
        // Refused on the ticket as it is: nothing is stored.
        if (auto tried = ticket::decide(*now, command(file)); !tried)
          return answer_write(tickets, id, v, respond)(ticket_reply{
            entity_error{tried.error().code, tried.error().message}});
        ctx.db.run(
          [&ctx, tickets, req, row, file, command, id, v,
           respond](db_handles& h) mutable {
            // Hashed and copied here, not on the I/O thread.
            row->bytes = std::move(req->raw.body());
            row->sha256 = sha256_hex(row->bytes);
            file.sha256 = row->sha256;
            if (auto stored = files(h).put(*row); !stored)
              return respond(unavailable(stored.error().message));
            tickets.ask(
              id, command(file),
              [&ctx, tickets, id, v, file_id = row->id,
               respond](ticket_reply r) {
                if (!r && r.error().code.as<domain_errc>())
                  ctx.db.run(
                    [file_id](db_handles& h) {
                      (void)files(h).remove(file_id);
                    },
                    [](http_response) {});
                answer_write(tickets, id, v, respond)(std::move(r));
              },
              entity_timeout);
          },
          respond);
      },
      entity_timeout);
  };
}

// GET .../attachments/:file_id: a file the ticket holds, to save.
void download(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  auto file_id = req->param("file_id");
  auto missing = [file_id] {
    return error_response(http::status::not_found, "not_found",
                          "Attachment with id '" + file_id + "' was not found");
  };
  tickets_of(ctx).ask(
    id, get_ticket{},
    [&ctx, id, file_id, missing, respond](ticket_reply r) {
      if (!r)
        return respond(entity_error_response(r.error(), ticket_missing(id)));
      if (!r->attachment(file_id))
        return respond(missing());
      ctx.db.run(
        [id, file_id, missing, respond](db_handles& h) {
          auto got = files(h).get(id, file_id);
          if (!got)
            return respond(unavailable(got.error().message));
          if (!*got)
            return respond(missing());
          auto& f = **got;
          http_response res{http::status::ok, 11};
          res.set(http::field::content_type, f.content_type);
          res.set(http::field::content_disposition,
                  content_disposition(f.filename));
          res.set("X-Content-Type-Options", "nosniff");
          // An SVG opened straight from the API runs nothing.
          res.set("Content-Security-Policy", "sandbox; default-src 'none'");
          res.set(http::field::cache_control, "private, max-age=3600");
          res.body() = std::move(f.bytes);
          res.prepare_payload();
          respond(std::move(res));
        },
        respond);
    },
    entity_timeout);
}

} // namespace

void add_ticket_routes(router& r, services& ctx) {
  using http::verb;
  auto own = access::owner_of("ticket", path_param("id"));
  // An upload's body is the file: its limit is the file's, so an oversized
  // one is refused before it is read.
  auto file_limit = static_cast<std::uint64_t>(ctx.cfg.tickets.max_file_bytes);
  // Support.
  r.add(verb::get, "/admin/tickets/:id", access::admin(),
        {"Get a ticket", "", "AdminTicketResponse"},
        with_context(ctx, get_ticket_route));
  r.add(verb::post, "/admin/tickets/:id/status", access::admin(),
        {"Move a ticket to the next or previous column (back: with a reason)",
         "AdminMoveTicket", "AdminTicketResponse"},
        with_context(ctx, move_route));
  r.add(verb::post, "/admin/tickets/:id/notes", access::admin(),
        {"Write a note (internal: for support only)", "AdminTicketNote",
         "AdminTicketResponse"},
        with_context(ctx, note_route));
  r.add(verb::post, "/admin/tickets/:id/assign", access::admin(),
        {"Assign an admin user, or nobody", "AdminAssignTicket",
         "AdminTicketResponse"},
        with_context(ctx, assign_route));
  r.add(verb::post, "/admin/tickets/:id/proofs", access::admin(),
        route_doc{"Attach a proof (the body is the file; ?filename=)", "",
                  "AdminTicketResponse"}
          .with_max_body(file_limit),
        upload(ctx, true));
  r.add(verb::get, "/admin/tickets/:id/history", access::admin(),
        {"Every change of a ticket", "", "AdminTicketHistoryResponse"},
        with_context(ctx, history_route));
  r.add(verb::get, "/admin/tickets/:id/attachments/:file_id", access::admin(),
        "Download a file of a ticket", with_context(ctx, download));
  // The customer.
  r.add(verb::get, "/store/tickets/:id", own,
        {"Get one of my tickets", "", "StoreTicketResponse"},
        with_context(ctx, get_ticket_route));
  r.add(verb::post, "/store/tickets/:id/brief", own,
        {"Change the brief (until the artwork is settled)", "StoreTicketBrief",
         "StoreTicketResponse"},
        with_context(ctx, brief_route));
  r.add(verb::post, "/store/tickets/:id/notes", own,
        {"Write to support", "StoreTicketNote", "StoreTicketResponse"},
        with_context(ctx, note_route));
  r.add(verb::post, "/store/tickets/:id/attachments", own,
        route_doc{"Add an artwork file (the body is the file; ?filename=)", "",
                  "StoreTicketResponse"}
          .with_max_body(file_limit),
        upload(ctx, false));
  r.add(
    verb::post, "/store/tickets/:id/proofs/:proof_id/approve", own,
    {"Approve the latest proof", "StoreProofDecision", "StoreTicketResponse"},
    proof_decision(ctx, proof_status::approved));
  r.add(verb::post, "/store/tickets/:id/proofs/:proof_id/request-changes", own,
        {"Ask for changes to the latest proof (with a comment)",
         "StoreProofDecision", "StoreTicketResponse"},
        proof_decision(ctx, proof_status::changes_requested));
  r.add(verb::get, "/store/tickets/:id/history", own,
        {"Every change of my ticket (without support's internal notes)", "",
         "StoreTicketHistoryResponse"},
        with_context(ctx, history_route));
  r.add(verb::get, "/store/tickets/:id/attachments/:file_id", own,
        "Download a file of my ticket", with_context(ctx, download));
}

} // namespace souk
