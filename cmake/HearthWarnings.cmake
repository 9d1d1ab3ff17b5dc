# The warnings every target is built with — libraries, the executable,
# tests, benchmarks, CUDA's host code — in one place (qBittorrent's
# qbt_common_cfg idea). HEARTH_WERROR makes them errors: build.sh sets it,
# so the test run CI makes fails on a new warning.
option(HEARTH_WERROR "Treat compiler warnings as errors" OFF)
add_library(hearth_warnings INTERFACE)
target_compile_options(hearth_warnings INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${HEARTH_WERROR}>>:-Werror>
    $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-Wextra>
    $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${HEARTH_WERROR}>>:-Werror=all-warnings -Xcompiler=-Werror>)
# Every target made from here on, in every folder, links it.
link_libraries(hearth_warnings)
