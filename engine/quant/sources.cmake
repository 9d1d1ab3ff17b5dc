# The block formats' sources, relative to engine/.
set(HEARTH_QUANT_SOURCES
    quant/decoded_super_block.cpp
    quant/dequantize.cpp
    quant/dequantize_iq.cpp
    quant/grid_neighbours.cpp
    quant/half.cpp
    quant/iq_grids.cpp
    quant/quantize.cpp
    quant/quantize_activations.cpp
    quant/quantize_iq1.cpp
    quant/quantize_iq1_m.cpp
    quant/quantize_iq2.cpp
    quant/quantize_iq2_s.cpp
    quant/quantize_iq3.cpp
    quant/quantize_iq3_fit.cpp
    quant/quantize_iq4.cpp
    quant/quantize_k.cpp
    quant/quantize_k_low.cpp
    quant/quantize_legacy.cpp
    quant/quantize_mxfp4.cpp
    quant/quantize_ternary.cpp
    quant/scale_fits.cpp
    quant/vec_dot_reference.cpp
)
# The quantizers must match ggml's bytes, which come from float expressions
# evaluated one rounding at a time; fusing a*b+c into an FMA (allowed by
# default once a build targets FMA-capable CPUs, e.g. -march=native) changes
# the roundings and with them which scale a search keeps.
set_source_files_properties(${HEARTH_QUANT_SOURCES} PROPERTIES COMPILE_OPTIONS -ffp-contract=off)
