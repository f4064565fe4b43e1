// The Verilated RTL in the platform: a hand-written SC_MODULE whose thread
// clocks the variant through RtlDriver (the pin protocol the RTL MatrixUnit
// uses too) once per array cycle at Phase::Edge while the unit has work,
// posting the handshakes it observes. When no beat is in flight and the
// next fold is not yet available, it sleeps until it is: idle cycles change
// no state in the RTL.
#include <stdexcept>

#include "sasim/sysc/platform_array.hpp"
#include "sasim/unit/rtl_driver.hpp"
#include "sasim/unit/rtl_library.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim::sysc {
namespace {

class RtlArray final : public sc_core::sc_module, public PlatformArray {
 public:
  SC_HAS_PROCESS(RtlArray);
  RtlArray(sc_core::sc_module_name name, const ArrayConfig& config, const CycleClock& clock, ArrayEventQueue& events,
           bool quiet)
      : sc_module(name),
        clock_(clock),
        lib_(ensure_rtl_variant(config, RtlBuildOptions{quiet}), config),
        driver_(lib_, config, nullptr,
                // OS joins the channels: the platform hears of the west ones only, as from ModelArray.
                [queue = &events, os = config.dataflow == Dataflow::OS](std::size_t fold, ArrayEvent event,
                                                                        std::int64_t cycle) {
                  if (!(os && (event == ArrayEvent::NorthFirst || event == ArrayEvent::NorthLast))) {
                    queue->post(cycle, fold, event);
                  }
                }) {
    SC_THREAD(clocked);
  }

  void begin_layer(const std::vector<Fold>* folds) override { driver_.begin(*folds); }

  void set_avail(std::size_t fold, std::int64_t avail) override {
    driver_.set_avail(fold, avail);
    wake_.notify();
  }

  RunResult end_layer() override { return driver_.finish(); }

 private:
  void clocked() {
    for (;;) {
      const std::int64_t cycle = clock_.now();
      if (clock_.time_of(cycle) != sc_core::sc_time_stamp()) {
        clock_.wait_until(cycle, Phase::Edge);
        continue;
      }
      if (!driver_.in_flight() && !driver_.can_feed(cycle)) {
        const std::int64_t next = driver_.next_avail();
        if (next >= 0) {
          clock_.wait_until(next, Phase::Edge);
        } else {
          sc_core::wait(wake_);
        }
        continue;
      }
      driver_.step(cycle);
      clock_.wait_until(cycle + 1, Phase::Edge);
    }
  }

  const CycleClock& clock_;
  RtlLibrary lib_;
  RtlDriver driver_;
  sc_core::sc_event wake_;
};

}  // namespace

std::unique_ptr<PlatformArray> make_rtl_array(const char* name, const ArrayConfig& config, const CycleClock& clock,
                                              ArrayEventQueue& events, bool quiet) {
  return std::make_unique<RtlArray>(name, config, clock, events, quiet);
}

}  // namespace sasim::sysc
