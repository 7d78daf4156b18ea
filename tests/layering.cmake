# Fails when a file under http/ includes a concrete PostgreSQL part: a
# persistence/pg_* header or libpqxx. http/ reaches the database through the
# ports (persistence/accounts.hpp, addresses.hpp, order_list.hpp, ...) and the
# factories of persistence/postgres.hpp. Prints every offending file:line.
#
#   cmake -DROOT=<source dir> -P tests/layering.cmake
cmake_minimum_required(VERSION 3.16)
if(NOT ROOT)
  message(FATAL_ERROR "layering: pass -DROOT=<source dir>")
endif()

set(forbidden "#[ \t]*include[ \t]*[<\"](persistence/pg_|pqxx/)[^\">\n]*[\">]")

file(GLOB_RECURSE sources RELATIVE ${ROOT}
     ${ROOT}/http/*.hpp ${ROOT}/http/*.cpp ${ROOT}/http/*.h)
list(SORT sources)
set(found 0)
foreach(source IN LISTS sources)
  file(READ ${ROOT}/${source} rest)
  set(line 1)
  string(REGEX MATCH "${forbidden}" hit "${rest}")
  while(NOT hit STREQUAL "")
    # The line of the hit: the newlines before it, counted from the end of
    # the previous hit.
    string(FIND "${rest}" "${hit}" at)
    string(SUBSTRING "${rest}" 0 ${at} before)
    string(REGEX MATCHALL "\n" newlines "${before}")
    list(LENGTH newlines n)
    math(EXPR line "${line} + ${n}")
    message("${source}:${line}: ${hit}")
    math(EXPR found "${found} + 1")
    string(LENGTH "${hit}" length)
    math(EXPR after "${at} + ${length}")
    string(SUBSTRING "${rest}" ${after} -1 rest)
    string(REGEX MATCH "${forbidden}" hit "${rest}")
  endwhile()
endforeach()

list(LENGTH sources scanned)
if(found GREATER 0)
  message(FATAL_ERROR
          "layering: ${found} include(s) of persistence/pg_* or pqxx under "
          "http/; use the ports and persistence/postgres.hpp instead")
endif()
message("layering: ${scanned} files under http/, none includes "
        "persistence/pg_* or pqxx")
