# CPack: `cpack -G DEB` in the build tree makes two Debian packages,
#   bylaw         the CLI (component cli): /usr/bin/bylaw
#   libbylaw-dev  the runtime (component runtime): headers, libbylaw_runtime.a,
#                 libbylaw.so, the CMake package and bylaw.pc
# each with the Apache-2.0 licence as /usr/share/doc/<package>/copyright.
# Included last from the top-level CMakeLists.txt. Tested by
# tests/package (dpkg -x into a scratch root, a host built against it).
include(GNUInstallDirs)

foreach(component cli runtime)
  if(component STREQUAL "cli")
    set(doc_name bylaw)
  else()
    set(doc_name libbylaw-dev)
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${doc_name}
    RENAME copyright COMPONENT ${component})
endforeach()

set(CPACK_PACKAGE_NAME bylaw)
set(CPACK_PACKAGE_VENDOR "bylaw")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "bylaw maintainers <bylaw@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "embeddable rules engine for regulatory supervision")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL cli runtime)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/bylaw")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME bylaw)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLI_DESCRIPTION
  "bylaw rules engine: the command line (check, fmt, test, compile, eval, serve, plan, audit)\nLicense: Apache-2.0")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libbylaw-dev)
# The static library needs libcrypto's development files at a host's link.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libssl-dev")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "bylaw rules engine: the embeddable runtime (C and C++ headers, static and shared libraries, CMake package, pkg-config)\nLicense: Apache-2.0")

include(CPack)
