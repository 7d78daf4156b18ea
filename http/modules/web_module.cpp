#include <filesystem>

#include <spdlog/spdlog.h>

#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/json_writer.hpp"
#include "http/modules/modules.hpp"
#include "http/response.hpp"
#include "http/web_files.hpp"

namespace souk {

namespace {

// The storefront's publishable key: public by design (Medusa's storefronts
// carry it in their bundle), but ours is made when the shop is seeded, so
// the page asks for it instead of having it built in.
http_response storefront_config(const catalog::catalog_view& view,
                                const std::string& chosen) {
  auto catalog = view.get();
  std::string key;
  if (!chosen.empty() && catalog->keys.contains(chosen))
    key = chosen;
  else if (chosen.empty() && catalog->keys.size() == 1)
    key = catalog->keys.begin()->first;
  if (key.empty())
    return error_response(http::status::not_found, "not_found",
                          chosen.empty()
                            ? "The shop has no single publishable key: set "
                              "storefront-key"
                            : "The storefront-key is not a publishable key");
  json_writer w;
  w.begin_object().key("publishable_key").value(key).end_object();
  return json_response(http::status::ok, w.take());
}

void install(module_context& m) {
  auto* view = &m.svc().get<catalog::catalog_view>();
  m.routes().add_sync(http::verb::get, "/web/config", access::anyone(),
                      "The built-in storefront's settings: {publishable_key}",
                      [view, chosen = m.cfg().web.storefront_key](request&) {
                        return storefront_config(*view, chosen);
                      });
  if (m.cfg().web.dir.empty()) {
    spdlog::info("web UI: none (serve one with --web-dir web/dist after "
                 "`make web`)");
    return;
  }
  std::error_code ec;
  auto dir = std::filesystem::weakly_canonical(m.cfg().web.dir, ec).string();
  if (ec)
    dir = m.cfg().web.dir;
  auto files = web_files::load(dir);
  if (!files) {
    spdlog::warn("web UI: not built ({}); serving the API only. Build it "
                 "with `make web` (npm ci && npm run build in web/)",
                 files.error());
    return;
  }
  spdlog::info("web UI: {} files from {} (admin at /app, storefront at /)",
               files->size(), dir);
  m.routes().fallback(
    [files = std::make_shared<const web_files>(std::move(*files))](
      const request& req, const std::vector<std::string>& segments) {
      return files->serve(segments, req.header("accept-encoding"),
                          req.header("if-none-match"));
    });
}

} // namespace

module web_module() {
  return {"web", {}, install};
}

} // namespace souk
