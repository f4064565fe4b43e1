#pragma once
// What every fuzz harness shares: the contract it enforces and a scratch
// file for parsers that read a path. The contract (docs/hardening.md): on any
// input a parser either succeeds or throws sasim::UserError whose message is
// one non-empty line; it never crashes, hangs, leaks or hits undefined
// behaviour (the sanitizers and libFuzzer's timeouts check those). Any other
// exception escapes the harness, which libFuzzer reports as a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/support/error.hpp"

namespace sasim {
struct Architecture;
struct Layer;
}  // namespace sasim

namespace sasim::fuzz {

std::string as_text(const std::uint8_t* data, std::size_t size);

// Writes text to this process's scratch file DIR/name (one directory per
// process, removed at exit) and returns the path. name's stem becomes the
// architecture name of an INI file, its extension may select a parser.
std::string scratch_file(const std::string& text, const std::string& name);

// Aborts (a crash for libFuzzer and the replay driver) unless the message is
// one non-empty line: the CLI prints it as `sasim: error: <message>`.
void check_user_error(const UserError& error);

// What `sasim run` derives from a valid architecture before simulating: the
// fold plan of the default workload, the area estimate and the per-action
// energies. Throws UserError where sasim run would refuse.
void use_architecture(const Architecture& arch);

// What `sasim run` checks of parsed layers before simulating (the fold plan,
// check_layer_fits), on arrays at the edges of the legal range: 1x1 WS,
// 256x256 OS, 1x256 IS and the default 32x32 WS. A UserError from one array
// does not stop the others.
void plan_layers(const std::vector<Layer>& layers);

template <typename Fn>
void expect_only_user_errors(Fn&& fn) {
  try {
    fn();
  } catch (const UserError& error) {
    check_user_error(error);
  }
}

}  // namespace sasim::fuzz
