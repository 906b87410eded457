# Install and export of the embeddable runtime (docs/embedding.md): the
# bylaw_runtime library and its public headers, bylawConfig.cmake and
# bylawConfigVersion.cmake for find_package(bylaw) with the imported target
# bylaw::runtime, and bylaw.pc for pkg-config. Included from
# runtime/CMakeLists.txt after the bylaw_runtime target is defined; installs
# nothing of the compiler or the CLI.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(BYLAW_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/bylaw)

# Consumers see the target as bylaw::runtime, as they do in-tree (ALIAS).
# The public headers need only C++17 (std::optional, std::variant,
# std::string_view; tests/embed compiles them as C++17). The exported
# target still asks hosts for C++20, as it always has, so that hosts that
# came to rely on it (examples/host uses std::jthread) keep building.
set_target_properties(bylaw_runtime PROPERTIES EXPORT_NAME runtime)
target_compile_features(bylaw_runtime PUBLIC cxx_std_20)

install(TARGETS bylaw_runtime
  EXPORT bylawTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
)
# runtime/include holds exactly the public headers (implementation headers
# live in runtime/src), so the whole directory is installed.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h"
)
install(EXPORT bylawTargets
  NAMESPACE bylaw::
  DESTINATION ${BYLAW_INSTALL_CMAKEDIR}
)

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/bylawConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/bylawConfig.cmake
  INSTALL_DESTINATION ${BYLAW_INSTALL_CMAKEDIR}
)
# 0.x: a minor version may break the API, so only the same minor matches.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/bylawConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion
)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/bylawConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/bylawConfigVersion.cmake
  DESTINATION ${BYLAW_INSTALL_CMAKEDIR}
)

# bylaw.pc. The library is static only, so everything a link needs goes in
# Libs/Requires (not the .private fields, which plain `pkg-config --libs`
# ignores): libcrypto, threads, and the C++ standard library, which a C host
# linking with the C compiler would otherwise miss. The prefix is computed
# from the .pc file's own place so that the installed tree is relocatable
# (`cmake --install --prefix` anywhere).
file(RELATIVE_PATH BYLAW_PC_UP
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" BYLAW_PC_UP "${BYLAW_PC_UP}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(BYLAW_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(BYLAW_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(BYLAW_PC_PREFIX "\${pcfiledir}/${BYLAW_PC_UP}")
  set(BYLAW_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(BYLAW_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(BYLAW_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# The libraries the C++ compiler links implicitly and the C compiler does
# not: -lstdc++ -lm with GCC.
set(BYLAW_PC_CXX_LIBS "")
set(bylaw_pc_cxx_only ${CMAKE_CXX_IMPLICIT_LINK_LIBRARIES})
list(REMOVE_DUPLICATES bylaw_pc_cxx_only)
foreach(lib IN LISTS bylaw_pc_cxx_only)
  if(NOT lib IN_LIST CMAKE_C_IMPLICIT_LINK_LIBRARIES)
    string(APPEND BYLAW_PC_CXX_LIBS " -l${lib}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/bylaw.pc.in
  ${PROJECT_BINARY_DIR}/cmake/bylaw.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/bylaw.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
