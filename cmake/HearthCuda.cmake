# Decides whether the CUDA parts are built. AUTO builds them when nvcc is found;
# a CPU-only build must always work, so AUTO never fails.
set(HEARTH_WITH_CUDA OFF)
if(NOT HEARTH_CUDA STREQUAL "OFF")
    if(NOT CMAKE_CUDA_COMPILER)
        find_program(HEARTH_NVCC nvcc PATHS /usr/local/cuda/bin NO_CACHE)
        if(HEARTH_NVCC)
            set(CMAKE_CUDA_COMPILER "${HEARTH_NVCC}")
        endif()
    endif()
    if(CMAKE_CUDA_COMPILER)
        # For the GPUs in this machine, as nvidia-smi reports them: every
        # architecture costs nvcc a full pass over each kernel. A machine
        # without one (a build server, CI) and a package
        # (-DHEARTH_CUDA_ALL_ARCHITECTURES=ON) get all that Hearth supports.
        # CMake's 'native' would fail where there is no GPU.
        set(HEARTH_CUDA_SUPPORTED_ARCHITECTURES 80 86 89 90 120)
        option(HEARTH_CUDA_ALL_ARCHITECTURES "Build CUDA code for every supported GPU, not only this machine's" OFF)
        if(NOT CMAKE_CUDA_ARCHITECTURES)
            set(found)
            if(NOT HEARTH_CUDA_ALL_ARCHITECTURES)
                find_program(HEARTH_NVIDIA_SMI nvidia-smi NO_CACHE)
                if(HEARTH_NVIDIA_SMI)
                    execute_process(COMMAND ${HEARTH_NVIDIA_SMI} --query-gpu=compute_cap --format=csv,noheader
                        OUTPUT_VARIABLE capabilities RESULT_VARIABLE failed ERROR_QUIET TIMEOUT 20)
                    if(NOT failed)
                        string(REGEX MATCHALL "[0-9]+\\.[0-9]+" capabilities "${capabilities}")
                        foreach(capability IN LISTS capabilities)
                            string(REPLACE "." "" architecture "${capability}")
                            list(APPEND found ${architecture})
                        endforeach()
                        list(REMOVE_DUPLICATES found)
                    endif()
                endif()
            endif()
            if(found)
                set(CMAKE_CUDA_ARCHITECTURES ${found})
            else()
                set(CMAKE_CUDA_ARCHITECTURES ${HEARTH_CUDA_SUPPORTED_ARCHITECTURES})
            endif()
        endif()
        enable_language(CUDA)
        find_package(CUDAToolkit REQUIRED)
        set(HEARTH_WITH_CUDA ON)
    elseif(HEARTH_CUDA STREQUAL "ON")
        message(FATAL_ERROR "HEARTH_CUDA=ON but nvcc was not found (set CMAKE_CUDA_COMPILER)")
    endif()
endif()

if(HEARTH_WITH_CUDA)
    # Kernels are C++17: CMake 3.25 does not know nvcc 13's C++20 flag (and
    # would take the targets' C++20 for CUDA too, then refuse it).
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    # CUDA 13 moved thrust/cub/libcu++ under include/cccl; CMake 3.25 does not know.
    foreach(dir IN LISTS CUDAToolkit_INCLUDE_DIRS)
        if(EXISTS "${dir}/cccl")
            list(APPEND HEARTH_CUDA_EXTRA_INCLUDES "${dir}/cccl")
        endif()
    endforeach()
    message(STATUS "Hearth: CUDA ${CUDAToolkit_VERSION}, architectures ${CMAKE_CUDA_ARCHITECTURES}")
else()
    message(STATUS "Hearth: CPU-only build")
endif()
