// libsystemc.so refers to sc_main from its own main(), which sasim never
// runs: every sasim executable has its own main and drives the kernel with
// sc_start(). This weak definition satisfies the linker for every executable
// that links the platform (sysc/CMakeLists.txt forces it in with
// --undefined=sc_main, since nothing else references this object); a real
// sc_main elsewhere takes precedence.
extern "C" __attribute__((weak)) int sc_main(int, char**) {
  return 1;
}
