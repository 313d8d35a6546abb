// The entry point of every fuzz target (see include/CFuzzerDriver.h): `<Module>_main`, which SwiftPM links as
// `main`, runs libFuzzer's driver on the target's own `LLVMFuzzerTestOneInput`. Every executable links all of
// these, and each resolves `LLVMFuzzerTestOneInput` to its own; a new target adds its line here (the link
// fails with "undefined symbol: <Module>_main" until it does).
#include "CFuzzerDriver.h"

#define FUZZ_TARGET_MAIN(module) \
    int module##_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }

FUZZ_TARGET_MAIN(FuzzHTTPParser)
FUZZ_TARGET_MAIN(FuzzJSON)
FUZZ_TARGET_MAIN(FuzzKPIInputs)
FUZZ_TARGET_MAIN(FuzzKPIService)
