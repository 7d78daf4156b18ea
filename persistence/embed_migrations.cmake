# Writes ${OUT}: a C++ source holding every ${DIR}/*.sql (not those of its
# subfolders), so the binary needs no files at run time. Run by the build
# whenever a file changes (see persistence/CMakeLists.txt).
#
#   -DDIR=<folder> -DOUT=<file.cpp>
#   -DFUNCTION=<name>  the function that returns the files, declared in
#                      ${HEADER} (default: embedded_migrations, souk's own)
#   -DHEADER=<header>  (default: persistence/migrations.hpp)
if(NOT FUNCTION)
  set(FUNCTION embedded_migrations)
endif()
if(NOT HEADER)
  set(HEADER persistence/migrations.hpp)
endif()
file(RELATIVE_PATH source "${CMAKE_CURRENT_LIST_DIR}/.." "${DIR}")
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" sql)
  string(APPEND body "    {\"${name}\", R\"souk_sql(${sql})souk_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from ${source}/ by embed_migrations.cmake.
#include \"${HEADER}\"

namespace souk {

const std::vector<migration_file>& ${FUNCTION}() {
  static const std::vector<migration_file> files = {
${body}  };
  return files;
}

} // namespace souk
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
