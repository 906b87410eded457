# Run by ctest `package_deb` (tests/package/CMakeLists.txt).
cmake_minimum_required(VERSION 3.20)

function(run var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " cmd)
    message(FATAL_ERROR "`${cmd}` exited ${rc}\n--- stdout\n${out}\n--- stderr\n${err}")
  endif()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/debs ${WORK_DIR}/root)
run(cpack cpack -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${WORK_DIR}/debs)
file(GLOB debs ${WORK_DIR}/debs/*.deb)
list(LENGTH debs n)
if(NOT n EQUAL 2)
  message(FATAL_ERROR "expected two packages, got: ${debs}")
endif()

foreach(pkg bylaw libbylaw-dev)
  file(GLOB deb ${WORK_DIR}/debs/${pkg}_${VERSION}*_amd64.deb ${WORK_DIR}/debs/${pkg}_${VERSION}*.deb)
  list(LENGTH deb found)
  if(found EQUAL 0)
    message(FATAL_ERROR "no ${pkg} package among ${debs}")
  endif()
  list(GET deb 0 deb)
  run(fields dpkg-deb -f ${deb} Package Version Description)
  if(NOT fields MATCHES "Package: ${pkg}" OR NOT fields MATCHES "Version: ${VERSION}"
     OR NOT fields MATCHES "Apache-2.0")
    message(FATAL_ERROR "${pkg}: control fields\n${fields}")
  endif()
  run(x dpkg -x ${deb} ${WORK_DIR}/root)
  if(NOT EXISTS ${WORK_DIR}/root/usr/share/doc/${pkg}/copyright)
    message(FATAL_ERROR "${pkg} has no copyright file")
  endif()
endforeach()

set(root ${WORK_DIR}/root/usr)
foreach(f bin/bylaw include/bylaw.h include/bylaw/runtime.h ${LIBDIR}/libbylaw_runtime.a
          ${LIBDIR}/libbylaw.so.0.1 ${LIBDIR}/cmake/bylaw/bylawConfig.cmake
          ${LIBDIR}/pkgconfig/bylaw.pc share/bash-completion/completions/bylaw
          share/zsh/vendor-completions/_bylaw share/fish/vendor_completions.d/bylaw.fish)
  if(NOT EXISTS ${root}/${f})
    message(FATAL_ERROR "not packaged: /usr/${f}")
  endif()
endforeach()

# The packaged CLI compiles the example; a host finds the packaged runtime.
set(example ${SOURCE_DIR}/examples/host)
run(compile ${root}/bin/bylaw compile ${example}/shop.bylaw -o ${WORK_DIR}/shop.json)
run(configure ${CMAKE_COMMAND} -S ${example} -B ${WORK_DIR}/host -G ${GENERATOR}
  -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_PREFIX_PATH=${root} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_BUILD_TYPE=Release)
if(NOT configure MATCHES "from ${root}/${LIBDIR}/cmake/bylaw")
  message(FATAL_ERROR "the host did not find the packaged runtime:\n${configure}")
endif()
run(build ${CMAKE_COMMAND} --build ${WORK_DIR}/host)
run(answer ${WORK_DIR}/host/bylaw_host_c ${WORK_DIR}/shop.json permit
  [=[{"as_of": "2024-06-01", "shop": {"id": "S3", "grade": "B", "open": true, "staff": 1}}]=])
if(NOT answer MATCHES [=["allowed":false]=] OR NOT answer MATCHES "TOO_FEW_STAFF")
  message(FATAL_ERROR "the packaged host answered:\n${answer}")
endif()
message(STATUS "packages: ${debs}")
