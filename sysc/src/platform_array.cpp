// The parts of platform_array.hpp both implementations share: the event
// queue, and the choice of implementation by UnitKind.
#include "sasim/sysc/platform_array.hpp"

#include <stdexcept>

namespace sasim::sysc {

ArrayEventQueue::ArrayEventQueue(sc_core::sc_module_name name, const CycleClock& clock)
    : sc_module(name), clock_(clock) {
  SC_METHOD(deliver);
  sensitive << wake_;
  dont_initialize();
}

void ArrayEventQueue::post(std::int64_t cycle, std::size_t fold, ArrayEvent event) {
  const sc_core::sc_time at = clock_.time_of(cycle + 1, Phase::Edge);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (at < now) throw std::logic_error("ArrayEventQueue: event posted after its delivery time");
  pending_.emplace(std::make_tuple(cycle, fold, int(event)), true);
  wake_.notify(at - now);
}

void ArrayEventQueue::deliver() {
  const std::int64_t now = clock_.now();
  while (!pending_.empty() && std::get<0>(pending_.begin()->first) + 1 <= now) {
    const auto [cycle, fold, event] = pending_.begin()->first;
    pending_.erase(pending_.begin());
    if (listener_) listener_->on_array_event(fold, ArrayEvent(event), cycle);
  }
  if (!pending_.empty()) {
    wake_.notify(clock_.time_of(std::get<0>(pending_.begin()->first) + 1, Phase::Edge) - sc_core::sc_time_stamp());
  }
}

std::unique_ptr<PlatformArray> make_platform_array(UnitKind kind, const char* name, const ArrayConfig& config,
                                                   const CycleClock& clock, ArrayEventQueue& events, bool quiet) {
  return kind == UnitKind::Rtl ? make_rtl_array(name, config, clock, events, quiet) : make_model_array(config, events);
}

}  // namespace sasim::sysc
