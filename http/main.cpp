#include "http/app.hpp"

int main(int argc, char** argv) {
  return souk::souk_main({argv + 1, argv + argc}, souk::process_env());
}
