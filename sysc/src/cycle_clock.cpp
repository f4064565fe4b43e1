#include "sasim/sysc/cycle_clock.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sasim/support/error.hpp"

namespace sasim::sysc {

namespace {
using u128 = unsigned __int128;
constexpr u128 kPsPerSecond = 1000000000000ULL;
}  // namespace

CycleClock::CycleClock(double freq_mhz) : freq_mhz_(freq_mhz), hz_(0) {
  if (!(freq_mhz > 0) || freq_mhz > kMaxFreqMhz) {
    throw UserError(
        fmt::format("array.freq_mhz = {}: the platform simulates clocks in 0..{} MHz", freq_mhz, kMaxFreqMhz));
  }
  hz_ = std::llround(freq_mhz * 1e6);  // 1 Hz resolution
  if (hz_ < 1) throw UserError(fmt::format("array.freq_mhz = {}: below 1 Hz", freq_mhz));
  for (int p = 0; p < 8; ++p) phase_ps_[p] = std::uint64_t(kPsPerSecond * unsigned(p) / ((8 * u128(hz_))));
  if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS)) {
    throw std::logic_error("the platform expects SystemC's default 1 ps time resolution");
  }
}

std::uint64_t CycleClock::edge_ps(std::int64_t cycle) const {
  return std::uint64_t(u128(cycle) * kPsPerSecond / u128(hz_));
}

sc_core::sc_time CycleClock::time_of(std::int64_t cycle, Phase phase) const {
  return sc_core::sc_time::from_value(edge_ps(cycle) + phase_ps_[static_cast<int>(phase)]);
}

std::int64_t CycleClock::cycle_at(const sc_core::sc_time& t) const {
  // The smallest c with floor(c * 10^12 / hz) >= ps, i.e. ceil(ps * hz / 10^12).
  const unsigned __int128 scaled = u128(t.value()) * u128(hz_);
  return std::int64_t((scaled + kPsPerSecond - 1) / kPsPerSecond);
}

void CycleClock::wait_until(std::int64_t cycle, Phase phase) const {
  const sc_core::sc_time target = time_of(cycle, phase);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (target > now) sc_core::wait(target - now);
}

}  // namespace sasim::sysc
