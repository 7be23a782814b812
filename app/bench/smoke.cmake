# bench_smoke: `mingel-bench --quick` must exit 0 and print a row for every figure listed
# in rows.txt (the first word of a line of the table). No figure is judged: a slow machine
# passes, a missing or crashing measurement fails.
#
#   cmake -DBENCH=path/to/mingel-bench -DROWS=app/bench/rows.txt -P app/bench/smoke.cmake
if(NOT BENCH OR NOT ROWS)
  message(FATAL_ERROR "usage: cmake -DBENCH=mingel-bench -DROWS=rows.txt -P smoke.cmake")
endif()
execute_process(COMMAND ${BENCH} --quick
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mingel-bench --quick exited with '${rc}'\n--- stderr:\n${err}\n--- stdout:\n${out}")
endif()
file(STRINGS ${ROWS} rows REGEX "^[a-z]")
list(LENGTH rows expected)
if(expected EQUAL 0)
  message(FATAL_ERROR "${ROWS} names no rows")
endif()
set(missing "")
foreach(row IN LISTS rows)
  string(FIND "${out}" "\n${row} " at)
  if(at EQUAL -1)
    list(APPEND missing ${row})
  endif()
endforeach()
if(missing)
  string(REPLACE ";" "\n  " missing "${missing}")
  message(FATAL_ERROR "mingel-bench --quick printed no row for:\n  ${missing}\n--- stdout:\n${out}")
endif()
message(STATUS "all ${expected} rows printed\n${out}")
