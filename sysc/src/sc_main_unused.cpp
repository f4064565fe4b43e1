// libsystemc.so refers to sc_main from its own main(), which sasim never
// runs: every sasim executable has its own main and drives the kernel with
// sc_start(). This weak definition satisfies the linker for every executable
// that links the platform (sysc/CMakeLists.txt forces it in with
// --undefined=sc_main, since nothing else references this object); a real
// sc_main elsewhere takes precedence. It is the only definition: it lives in
// its own object rather than in platform.cpp so that forcing it in does not
// also drag platform.cpp (and everything it needs) into executables that only
// use other parts of the platform.
extern "C" __attribute__((weak)) int sc_main(int, char**) {
  return 1;
}
