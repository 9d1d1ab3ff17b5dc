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
        # 'native' needs a GPU at build time; build machines often have none.
        if(NOT CMAKE_CUDA_ARCHITECTURES)
            set(CMAKE_CUDA_ARCHITECTURES 80 86 89 90 120)
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
