# The embedding test, run by ctest as `cmake -DSTEP=... -P embed_test.cmake`
# (tests/embed/CMakeLists.txt passes the variables below). Steps:
#   install     `cmake --install` the build tree into a fresh prefix, check
#               what was installed, compile the example ruleset to a bundle,
#               check that docs/embedding.md shows the host program as it is
#   find_package  configure and build examples/host against the prefix with
#               find_package(bylaw), run both hosts and check their answers
#   pkg_config  build the same hosts with only `pkg-config --cflags --libs
#               bylaw` and the compilers, run them and check their answers
# Variables: STEP, BUILD_DIR, SOURCE_DIR, WORK_DIR, BYLAW (the CLI),
# LIBDIR (CMAKE_INSTALL_LIBDIR), GENERATOR, C_COMPILER, CXX_COMPILER,
# PKG_CONFIG, SANITIZE.
cmake_minimum_required(VERSION 3.20)

set(prefix ${WORK_DIR}/prefix)
set(bundle ${WORK_DIR}/shop.bundle.json)
set(example ${SOURCE_DIR}/examples/host)

# Runs a command; fails the test with its output unless it exits `expect`.
# The output is left in `<var>_out` and `<var>_err`.
function(run var expect)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    INPUT_FILE ${RUN_INPUT})
  if(NOT "${rc}" STREQUAL "${expect}")
    list(JOIN ARGN " " cmd)
    message(FATAL_ERROR "`${cmd}` exited ${rc}, expected ${expect}\n"
      "--- stdout\n${out}\n--- stderr\n${err}")
  endif()
  set(${var}_out "${out}" PARENT_SCOPE)
  set(${var}_err "${err}" PARENT_SCOPE)
endfunction()
set(RUN_INPUT /dev/null)

# Fails unless `text` matches every regex in turn.
function(expect_matches what text)
  foreach(re IN LISTS ARGN)
    if(NOT text MATCHES "${re}")
      message(FATAL_ERROR "${what}: no match for /${re}/ in\n${text}")
    endif()
  endforeach()
endfunction()

# bylaw_host's answers on examples/host/facts.jsonl, line by line: what the
# example ruleset says about each shop, and how a bad line is reported.
function(check_batch_answers text)
  string(REGEX REPLACE "\n$" "" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  list(LENGTH lines n)
  if(NOT n EQUAL 5)
    message(FATAL_ERROR "expected 5 result lines, got ${n}:\n${text}")
  endif()
  list(GET lines 0 l)  # open, grade B, three staff: allowed, twice a year
  expect_matches("line 1" "${l}" [=["allowed":true]=] [=["reasons":\[\]]=]
    [=["per_year":2]=] [=["errors":\[\]]=])
  list(GET lines 1 l)  # one staff, but grade A is excepted: once a year
  expect_matches("line 2" "${l}" [=["allowed":true]=] [=["per_year":1]=])
  list(GET lines 2 l)  # one staff, grade B: refused with the reason
  expect_matches("line 3" "${l}" [=["allowed":false]=]
    [=["reasons":\["TOO_FEW_STAFF"\]]=] [=["per_year":2]=])
  list(GET lines 3 l)  # `open` missing: what reads it falls back, named
  expect_matches("line 4" "${l}" [=["allowed":false]=]
    [=["reasons":\["MISSING_FACT"\]]=] [=["per_year":2]=]
    [=["code":"MISSING_FACT"]=] [=[`\$\.shop\.open` is missing]=])
  list(GET lines 4 l)  # ill-typed fact: not evaluated at all
  expect_matches("line 5" "${l}" [=[^{"error":{"code":"facts_invalid"]=]
    [=[\$\.shop\.staff: expected int]=])
endfunction()

# Runs the two hosts in `dir` on the example bundle and checks them.
function(check_hosts dir)
  set(RUN_INPUT ${example}/facts.jsonl)
  run(batch 1 ${dir}/bylaw_host ${bundle} permit --threads 4)
  check_batch_answers("${batch_out}")
  expect_matches("bylaw_host stderr" "${batch_err}" [=[loaded sha256:]=]
    [=[4 evaluated, 1 could not be]=])

  set(RUN_INPUT /dev/null)
  run(c 0 ${dir}/bylaw_host_c ${bundle} permit
    [=[{"as_of": "2024-06-01", "shop": {"id": "S3", "grade": "B", "open": true, "staff": 1}}]=])
  expect_matches("bylaw_host_c" "${c_out}" [=["allowed":false]=]
    [=["reasons":\["TOO_FEW_STAFF"\]]=])
  run(c_bad 1 ${dir}/bylaw_host_c ${bundle} nope [=[{}]=])
  expect_matches("bylaw_host_c, unknown decision" "${c_bad_err}"
    [=[unknown_decision]=])

  # A bundle changed after sealing is refused and nothing is evaluated.
  file(READ ${bundle} text)
  string(REPLACE "嵌入示例" "嵌入範例" text "${text}")
  if(NOT text MATCHES "嵌入範例")
    message(FATAL_ERROR "the bundle has no title to tamper with")
  endif()
  file(WRITE ${WORK_DIR}/tampered.json "${text}")
  set(RUN_INPUT ${example}/facts.jsonl)
  run(tampered 1 ${dir}/bylaw_host ${WORK_DIR}/tampered.json permit)
  expect_matches("tampered bundle" "${tampered_err}" [=[bundle_hash_mismatch]=])
  if(NOT tampered_out STREQUAL "")
    message(FATAL_ERROR "a tampered bundle was evaluated:\n${tampered_out}")
  endif()
endfunction()

set(flags_c "-Wall -Wextra -Werror")
set(flags_cxx "-Wall -Wextra -Werror")
if(SANITIZE)
  string(APPEND flags_c " -fsanitize=${SANITIZE}")
  string(APPEND flags_cxx " -fsanitize=${SANITIZE}")
endif()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${WORK_DIR})
  file(MAKE_DIRECTORY ${WORK_DIR})
  # The runtime's component alone (the CLI is component `cli`).
  run(install 0 ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix}
    --component runtime)
  # The runtime alone: its library, its public headers, the package files.
  file(GLOB_RECURSE installed RELATIVE ${prefix} ${prefix}/*)
  list(SORT installed)
  foreach(f include/bylaw.h include/bylaw/runtime.h
            include/bylaw/runtime/result.h include/bylaw/runtime/value.h
            include/bylaw/runtime/decimal.h include/bylaw/runtime/facts_schema.h
            ${LIBDIR}/libbylaw_runtime.a ${LIBDIR}/libbylaw.so ${LIBDIR}/libbylaw.so.0.1
            ${LIBDIR}/cmake/bylaw/bylawConfig.cmake
            ${LIBDIR}/cmake/bylaw/bylawConfigVersion.cmake
            ${LIBDIR}/cmake/bylaw/bylawTargets.cmake ${LIBDIR}/pkgconfig/bylaw.pc)
    if(NOT f IN_LIST installed)
      message(FATAL_ERROR "not installed: ${f}\ninstalled: ${installed}")
    endif()
  endforeach()
  foreach(f IN LISTS installed)
    if(f MATCHES "antlr|/dsl/|bin/bylaw|nlohmann|spdlog|_internal|src/")
      message(FATAL_ERROR "installed something that is not the runtime: ${f}")
    endif()
  endforeach()
  file(READ ${prefix}/${LIBDIR}/cmake/bylaw/bylawTargets.cmake targets)
  expect_matches("bylawTargets.cmake" "${targets}" [=[bylaw::runtime]=]
    [=[OpenSSL::Crypto]=] [=[Threads::Threads]=])
  if(targets MATCHES "nlohmann|Boost|${SOURCE_DIR}")
    message(FATAL_ERROR "the exported target leaks a build-only dependency "
      "or a source path:\n${targets}")
  endif()
  run(compile 0 ${BYLAW} compile ${example}/shop.bylaw -o ${bundle})
  # docs/embedding.md shows the host program verbatim: keep them one.
  file(READ ${SOURCE_DIR}/docs/embedding.md doc)
  file(READ ${example}/main.cpp host)
  string(STRIP "${host}" host)
  string(FIND "${doc}" "${host}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "docs/embedding.md no longer holds examples/host/"
      "main.cpp verbatim: paste the program into its last section")
  endif()

elseif(STEP STREQUAL "find_package")
  set(host_build ${WORK_DIR}/host-cmake)
  file(REMOVE_RECURSE ${host_build})
  run(configure 0 ${CMAKE_COMMAND} -S ${example} -B ${host_build}
    -G ${GENERATOR}
    -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_C_FLAGS=${flags_c} -DCMAKE_CXX_FLAGS=${flags_cxx}
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_BUILD_TYPE=Release)
  # Found in the prefix, not in the build tree or the system.
  expect_matches("host configure" "${configure_out}"
    "bylaw 0\\.[0-9]+\\.[0-9]+ from ${prefix}/${LIBDIR}/cmake/bylaw")
  run(build 0 ${CMAKE_COMMAND} --build ${host_build})
  check_hosts(${host_build})

elseif(STEP STREQUAL "pkg_config")
  set(host_build ${WORK_DIR}/host-pkgconfig)
  file(REMOVE_RECURSE ${host_build})
  file(MAKE_DIRECTORY ${host_build})
  set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
  run(version 0 ${PKG_CONFIG} --modversion bylaw)
  run(cflags 0 ${PKG_CONFIG} --cflags bylaw)
  run(libs 0 ${PKG_CONFIG} --libs bylaw)
  string(STRIP "${cflags_out}" cflags)
  string(STRIP "${libs_out}" libs)
  # Paths are relative to the .pc file (relocatable): only their presence is
  # checked here; the builds below prove they lead to the prefix.
  expect_matches("pkg-config --cflags" "${cflags}" "-I[^ ]*prefix/")
  expect_matches("pkg-config --libs" "${libs}" "-L[^ ]*prefix/" "-lbylaw_runtime"
    "-lcrypto")
  separate_arguments(cflags UNIX_COMMAND "${cflags}")
  separate_arguments(libs UNIX_COMMAND "${libs}")
  separate_arguments(wc UNIX_COMMAND "${flags_c}")
  separate_arguments(wcxx UNIX_COMMAND "${flags_cxx}")
  # The C host links with the C compiler: bylaw.pc brings the C++ runtime.
  run(cc 0 ${C_COMPILER} ${wc} ${cflags} ${example}/main.c
    -o ${host_build}/bylaw_host_c ${libs})
  run(cxx 0 ${CXX_COMPILER} -std=c++20 ${wcxx} ${cflags} ${example}/main.cpp
    -o ${host_build}/bylaw_host ${libs})
  check_hosts(${host_build})

else()
  message(FATAL_ERROR "unknown STEP `${STEP}`")
endif()
