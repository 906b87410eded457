# Options for `cmake --graphviz` (docs/architecture.md draws the picture of
# the layers from it with tools/layer_graph): our libraries and the CLI
# only, without tests, benchmarks or third-party libraries.
set(GRAPHVIZ_EXTERNAL_LIBS FALSE)
set(GRAPHVIZ_GENERATE_PER_TARGET FALSE)
set(GRAPHVIZ_GENERATE_DEPENDERS FALSE)
set(GRAPHVIZ_IGNORE_TARGETS "_test$" "_bench$" "^bylaw_test_main$" "_fuzz" "^runtime_headers_cxx17$"
    "^verbs_test$" "^bylaw_antlr4_runtime$")
