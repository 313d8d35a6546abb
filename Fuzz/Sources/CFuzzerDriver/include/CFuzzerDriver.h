#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, `-sanitize=fuzzer`), called from each target's `<Module>_main`.
///
/// SwiftPM links every executable on Linux with `--defsym main=<Module>_main` (testable executables),
/// and that symbol does not exist under `-parse-as-library`; so CFuzzerDriver.c defines `<Module>_main`
/// for every fuzz target and hands control to libFuzzer here, as libFuzzer's own `main` would.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// The one thing each fuzz target defines itself (`@_cdecl("LLVMFuzzerTestOneInput")`): one input, 0.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
