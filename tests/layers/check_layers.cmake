# Fails when a file includes across the layers the wrong way: engine/ must
# build without Qt and without app/ or ui/, and app/ must not reach ui/
# (app/main.cpp, the composition root, is the one file that may).
#
#   cmake -DROOT=<repository> -P check_layers.cmake
#
# An include names a file under one of the layer folders; it belongs to the
# first layer, nearest first, that has it: engine/ for engine's own files.
# Includes that exist under two layers (a "chat/…" in app/ and ui/) resolve to
# the includer's own layer first, as the compiler's include order does.
cmake_minimum_required(VERSION 3.20)
if(NOT ROOT)
    message(FATAL_ERROR "ROOT names the repository")
endif()

set(problems "")

function(check_layer layer allowed)
    file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/${layer}/*.h ${ROOT}/${layer}/*.cpp ${ROOT}/${layer}/*.inc
         ${ROOT}/${layer}/*.cu ${ROOT}/${layer}/*.cuh)
    foreach(file IN LISTS files)
        if(file STREQUAL "app/main.cpp")
            continue()
        endif()
        file(STRINGS ${ROOT}/${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
        get_filename_component(dir ${file} DIRECTORY)
        foreach(line IN LISTS includes)
            string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*" "\\1" name "${line}")
            if(layer STREQUAL "engine" AND (name MATCHES "^Q[A-Za-z]*(/|$)" OR name MATCHES "^qt"))
                list(APPEND problems "${file}: includes <${name}>: the engine builds without Qt")
                continue()
            endif()
            if(NOT line MATCHES "\"")
                continue() # a system header
            endif()
            # Where the compiler finds it: beside the file, then the layers in order.
            if(EXISTS ${ROOT}/${dir}/${name})
                continue()
            endif()
            set(found "")
            foreach(candidate IN LISTS allowed)
                if(EXISTS ${ROOT}/${candidate}/${name})
                    set(found ${candidate})
                    break()
                endif()
            endforeach()
            if(found)
                continue()
            endif()
            foreach(other engine app ui tests)
                if(EXISTS ${ROOT}/${other}/${name})
                    list(APPEND problems "${file}: includes \"${name}\" from ${other}/, which ${layer}/ may not use")
                    break()
                endif()
            endforeach()
        endforeach()
    endforeach()
    set(problems "${problems}" PARENT_SCOPE)
endfunction()

check_layer(engine "engine")
check_layer(app "app;engine")
check_layer(ui "ui;app;engine")

if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "Includes against the layers (ui -> app -> engine):\n  ${text}")
endif()
message(STATUS "Includes follow the layers: ui -> app -> engine, and engine without Qt")
