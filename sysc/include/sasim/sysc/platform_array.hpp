#pragma once
// The matrix unit as the platform drives it: the two MatrixUnit
// implementations (UnitKind; sasim/unit/matrix_unit.hpp), fed fold by fold
// as the controller finds each fold's data on chip instead of run from a
// list. ModelArray is the FoldTimer recurrence (events scheduled ahead) with
// the model unit's outputs; RtlArray clocks the Verilated RTL through the
// same RtlDriver as the RTL MatrixUnit (events observed on its pins). The
// two must be indistinguishable to the platform.
//
// Both deliver an event about cycle c at time_of(c + 1, Phase::Edge),
// through the same ArrayEventQueue and in the same order (cycle, fold,
// kind), so the platform reacts identically to either.
#include <cstdint>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include <systemc>

#include "sasim/mapping/fold.hpp"
#include "sasim/sysc/cycle_clock.hpp"
#include "sasim/unit/matrix_unit.hpp"

namespace sasim::sysc {

class ArrayListener {
 public:
  virtual ~ArrayListener() = default;
  // Called at time_of(cycle + 1): `event` of fold `fold` happened in `cycle`.
  virtual void on_array_event(std::size_t fold, ArrayEvent event, std::int64_t cycle) = 0;
};

// Delivers array events at the start of the next cycle in a fixed order.
class ArrayEventQueue : public sc_core::sc_module {
 public:
  ArrayEventQueue(sc_core::sc_module_name name, const CycleClock& clock);
  SC_HAS_PROCESS(ArrayEventQueue);
  void set_listener(ArrayListener* listener) { listener_ = listener; }
  // `event` of `fold` happened in `cycle`; the caller runs no later than time_of(cycle + 1).
  void post(std::int64_t cycle, std::size_t fold, ArrayEvent event);

 private:
  void deliver();
  const CycleClock& clock_;
  ArrayListener* listener_ = nullptr;
  std::map<std::tuple<std::int64_t, std::size_t, int>, bool> pending_;
  sc_core::sc_event wake_;
};

class PlatformArray {
 public:
  virtual ~PlatformArray() = default;
  // A new layer: folds (held by the caller until end_layer) run in order.
  virtual void begin_layer(const std::vector<Fold>* folds) = 0;
  // Fold `fold` (the next one, in order) may enter from cycle avail on;
  // avail is after the current cycle.
  virtual void set_avail(std::size_t fold, std::int64_t avail) = 0;
  // After the last fold's OutLast: the layer's timing, and outputs if the
  // folds carry data.
  virtual RunResult end_layer() = 0;
};

// The implementation `kind` names. For Rtl it loads (Verilating first if
// needed) the variant, and is a SystemC module called `name`.
std::unique_ptr<PlatformArray> make_platform_array(UnitKind kind, const char* name, const ArrayConfig& config,
                                                   const CycleClock& clock, ArrayEventQueue& events, bool quiet);
// The two implementations (model_array.cpp, rtl_array.cpp).
std::unique_ptr<PlatformArray> make_model_array(const ArrayConfig& config, ArrayEventQueue& events);
std::unique_ptr<PlatformArray> make_rtl_array(const char* name, const ArrayConfig& config, const CycleClock& clock,
                                              ArrayEventQueue& events, bool quiet);

}  // namespace sasim::sysc
