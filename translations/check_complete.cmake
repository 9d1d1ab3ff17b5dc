# ctest: is the zh_CN translation complete? Runs lupdate over the sources
# into a copy of the .ts file and fails on any string it leaves unfinished,
# naming them: a new tr() string without its Chinese fails CI.
#   cmake -DLUPDATE=… -DTS=… -DPROJECT=…_project.cmake -DPROJECT_SCRIPT=GenerateLUpdateProject.cmake
#         -DWORK=dir -P check_complete.cmake
file(MAKE_DIRECTORY "${WORK}")
get_filename_component(name "${TS}" NAME)
set(copy "${WORK}/${name}")
file(COPY_FILE "${TS}" "${copy}")
execute_process(COMMAND "${CMAKE_COMMAND}" -DIN_FILE=${PROJECT} -DOUT_FILE=${WORK}/project.json -P "${PROJECT_SCRIPT}"
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "cannot write lupdate's project from ${PROJECT}")
endif()
execute_process(COMMAND "${LUPDATE}" -project "${WORK}/project.json" -ts "${copy}" -no-obsolete -locations none
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "lupdate failed:\n${output}")
endif()
file(READ "${copy}" text)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n]*(<comment>[^<]*</comment>[ \n]*)?<translation type=\"unfinished\"" missing "${text}")
list(LENGTH missing count)
if(count GREATER 0)
    string(REPLACE ";" "\n" missing "${missing}")
    message(FATAL_ERROR "${count} strings have no translation in ${name} (run the update_translations target, "
                        "then translate them):\n${missing}")
endif()
# lupdate's guesses for a changed string ("… {4)?}") are not translations,
# even once someone has cleared their unfinished mark.
string(REGEX MATCHALL "<translation>[^<]*{[^}<]*[?]}[^<]*</translation>" guessed "${text}")
list(LENGTH guessed count)
if(count GREATER 0)
    string(REPLACE ";" "\n" guessed "${guessed}")
    message(FATAL_ERROR "${count} translations in ${name} are lupdate's guesses, not translations:\n${guessed}")
endif()
message(STATUS "${name}: every string is translated")
