# Writes ${OUT}: a C++ source holding every persistence/migrations/*.sql, so
# the binary needs no files at run time. Run by the build whenever a file
# changes (see persistence/CMakeLists.txt).
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" sql)
  string(APPEND body "    {\"${name}\", R\"souk_sql(${sql})souk_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from persistence/migrations/ by embed_migrations.cmake.
#include \"persistence/migrations.hpp\"

namespace souk {

const std::vector<migration_file>& embedded_migrations() {
  static const std::vector<migration_file> files = {
${body}  };
  return files;
}

} // namespace souk
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
