# Fails when an include breaks the layering:
# - every include of a project file is written from the repository root
#   ("engine/plan/memory_plan.h", "app/plan/…"), so a reader and a grep see
#   which layer a file depends on;
# - ui -> app -> engine, never back: engine/ builds without Qt and without
#   app/ or ui/, and app/ does not reach ui/ (app/main.cpp, the composition
#   root, is the one file that may);
# - inside engine/, each folder is a library that uses only the folders
#   below it (engine/CMakeLists.txt draws the order).
#
#   cmake -DROOT=<repository> -P check_layers.cmake
cmake_minimum_required(VERSION 3.20)
if(NOT ROOT)
    message(FATAL_ERROR "ROOT names the repository")
endif()

# What each engine folder may include besides itself: the folders below it,
# all the way down.
set(below_gguf "")
set(below_text "gguf")
set(below_quant "gguf")
set(below_model "gguf;text;quant")
set(below_plan "model;${below_model}")
set(below_cpu "model;${below_model}")
set(below_cuda "cpu;plan;${below_cpu}")
set(below_grammar "text;gguf")
set(below_runtime "cuda;grammar;${below_cuda}")
set(below_convert "cpu;${below_cpu}")

set(problems "")

function(check_layer layer allowed)
    file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/${layer}/*.h ${ROOT}/${layer}/*.cpp ${ROOT}/${layer}/*.inc
         ${ROOT}/${layer}/*.cu ${ROOT}/${layer}/*.cuh)
    foreach(file IN LISTS files)
        file(STRINGS ${ROOT}/${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
        get_filename_component(dir ${file} DIRECTORY)
        set(module "")
        if(file MATCHES "^engine/([a-z]+)/")
            set(module "${CMAKE_MATCH_1}")
        endif()
        foreach(line IN LISTS includes)
            string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*" "\\1" name "${line}")
            if(layer STREQUAL "engine" AND (name MATCHES "^Q[A-Za-z]*(/|$)" OR name MATCHES "^qt"))
                list(APPEND problems "${file}: includes <${name}>: the engine builds without Qt")
                continue()
            endif()
            if(NOT line MATCHES "\"")
                continue() # a system header
            endif()
            string(REGEX MATCH "^(engine|app|ui|tests|bench)/" root_match "${name}")
            if(NOT root_match)
                # A generated file (moc), or one from outside the project.
                set(local "")
                foreach(candidate ${dir} engine app ui tests bench)
                    if(EXISTS ${ROOT}/${candidate}/${name})
                        set(local ${candidate}/${name})
                        break()
                    endif()
                endforeach()
                if(local)
                    file(RELATIVE_PATH shown ${ROOT} ${ROOT}/${local})
                    list(APPEND problems "${file}: includes \"${name}\": write it from the repository root (\"${shown}\")")
                endif()
                continue()
            endif()
            string(REGEX REPLACE "/.*" "" target_layer "${name}")
            if(NOT target_layer IN_LIST allowed AND NOT file STREQUAL "app/main.cpp")
                list(APPEND problems "${file}: includes \"${name}\": ${layer}/ may not use ${target_layer}/")
                continue()
            endif()
            if(module AND name MATCHES "^engine/([a-z]+)/")
                set(used "${CMAKE_MATCH_1}")
                if(NOT used STREQUAL module AND NOT used IN_LIST below_${module})
                    string(REPLACE ";" ", " below "${below_${module}}")
                    list(APPEND problems "${file}: includes \"${name}\": engine/${module}/ may use only ${below}")
                endif()
            endif()
        endforeach()
    endforeach()
    set(problems "${problems}" PARENT_SCOPE)
endfunction()

check_layer(engine "engine")
check_layer(app "app;engine")
check_layer(ui "ui;app;engine")
check_layer(tests "tests;ui;app;engine")
check_layer(bench "bench;tests;app;engine")

if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "Includes against the layers:\n  ${text}")
endif()
message(STATUS "Includes are written from the root and follow the layers: ui -> app -> engine, "
               "engine without Qt, and engine's folders in their order")
