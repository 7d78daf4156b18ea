#include "tests/support/smtp_server.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <simdjson.h>

namespace souk::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Reads every message file in argv[1] (a maildir's "new") with Python's
// e-mail package and writes them, in delivery order, as JSON to argv[2].
constexpr const char* read_maildir = R"py(
import email, email.policy, json, os, sys
src, dst = sys.argv[1], sys.argv[2]
def order(name):
    return (os.stat(os.path.join(src, name)).st_mtime_ns, name)
def text(content):
    if isinstance(content, bytes):
        content = content.decode('utf-8', 'replace')
    return content.replace('\r\n', '\n')
out = []
for name in sorted(os.listdir(src), key=order):
    with open(os.path.join(src, name), 'rb') as f:
        raw = f.read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [{'content_type': p.get_content_type(),
              'transfer_encoding': str(p.get('Content-Transfer-Encoding', '')),
              'content': text(p.get_content())}
             for p in m.walk() if not p.is_multipart()]
    def first(t):
        return next((p['content'] for p in parts if p['content_type'] == t), '')
    out.append({'mail_from': str(m.get('X-MailFrom', '')),
                'rcpt_to': str(m.get('X-RcptTo', '')),
                'to': str(m.get('To', '')),
                'subject': str(m.get('Subject', '')),
                'message_id': str(m.get('Message-ID', '')),
                'content_type': m.get_content_type(),
                'parts': parts,
                'text': first('text/plain'),
                'html': first('text/html'),
                'raw': raw.decode('utf-8', 'replace')})
with open(dst, 'w') as f:
    json.dump(out, f)
)py";

std::string str(simdjson::dom::element e) {
  return std::string{std::string_view(e)};
}

} // namespace

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

fs::path temp_dir(const char* name) {
  auto dir = fs::temp_directory_path()
             / (std::string{name} + "-" + std::to_string(::getpid()) + "-"
                + std::to_string(free_port()));
  fs::create_directories(dir);
  return dir;
}

std::pair<std::string, std::string>
self_signed_certificate(const fs::path& dir) {
  auto cert = (dir / "cert.pem").string();
  auto key = (dir / "key.pem").string();
  auto cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1"
             " -subj /CN=127.0.0.1 -keyout "
             + key + " -out " + cert + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0)
    throw std::runtime_error{"openssl could not make a certificate in "
                             + dir.string()};
  return {cert, key};
}

smtp_server::smtp_server(bool tls)
  : port(free_port()), dir_(temp_dir("souk-smtp")) {
  std::vector<std::string> argv{"/usr/bin/python3",
                                "-m",
                                "aiosmtpd",
                                "-n",
                                "-l",
                                "127.0.0.1:" + std::to_string(port)};
  if (tls) {
    auto [cert, key] = self_signed_certificate(dir_);
    for (auto& a :
         {std::string{"--tlscert"}, cert, std::string{"--tlskey"}, key})
      argv.push_back(a);
  }
  for (auto& a : {std::string{"-c"}, std::string{"aiosmtpd.handlers.Mailbox"},
                  (dir_ / "mail").string()})
    argv.push_back(a);
  proc_ = std::make_unique<child_process>(argv);
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!accepts(port)) {
    if (proc_->wait(25ms) || std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error{"aiosmtpd did not come up on port "
                               + std::to_string(port) + ": " + proc_->output()};
  }
}

smtp_server::~smtp_server() {
  proc_.reset();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::size_t smtp_server::delivered() const {
  std::error_code ec;
  std::size_t n = 0;
  for (fs::directory_iterator i{dir_ / "mail" / "new", ec}, end;
       !ec && i != end; i.increment(ec))
    ++n;
  return n;
}

std::vector<received_mail> smtp_server::messages() {
  std::vector<received_mail> out;
  auto fresh = dir_ / "mail" / "new";
  if (!fs::exists(fresh))
    return out;
  auto json = dir_ / "messages.json";
  child_process python{
    {"/usr/bin/python3", "-c", read_maildir, fresh.string(), json.string()}};
  if (python.wait(30s) != 0)
    throw std::runtime_error{"reading the maildir failed: " + python.output()};
  simdjson::dom::parser parser;
  for (simdjson::dom::element m : parser.load(json.string()).get_array()) {
    received_mail r;
    r.mail_from = str(m["mail_from"]);
    r.rcpt_to = str(m["rcpt_to"]);
    r.to = str(m["to"]);
    r.subject = str(m["subject"]);
    r.message_id = str(m["message_id"]);
    r.content_type = str(m["content_type"]);
    for (simdjson::dom::element p : m["parts"].get_array())
      r.parts.push_back({str(p["content_type"]), str(p["transfer_encoding"]),
                         str(p["content"])});
    r.text = str(m["text"]);
    r.html = str(m["html"]);
    r.raw = str(m["raw"]);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<received_mail>
smtp_server::wait_for(std::size_t count, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (delivered() < count && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  return messages();
}

} // namespace souk::test
