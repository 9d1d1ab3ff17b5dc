# HEARTH_SANITIZE: the sanitizers every target is built with, as -fsanitize
# takes them ("address,undefined", "thread"); empty for none. The test run
# builds the engine and its tests once more with address and undefined
# (tests/sanitizers/run.sh).
set(HEARTH_SANITIZE "" CACHE STRING "Sanitizers to build with (address,undefined or thread); empty: none")
if(HEARTH_SANITIZE)
    add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${HEARTH_SANITIZE}>
        $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer> $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>)
    add_link_options(-fsanitize=${HEARTH_SANITIZE})
endif()
