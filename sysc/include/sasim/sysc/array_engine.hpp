#pragma once
// The matrix unit as the platform sees it, with two implementations that
// must be indistinguishable: ModelArray (the FoldTimer recurrence, events
// scheduled ahead) and RtlArray (the Verilated RTL clocked by the platform,
// events observed on its pins). The controller tells the unit when each
// fold's data is available; the unit reports what happened and when.
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
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/sysc/cycle_clock.hpp"

namespace sasim::sysc {

enum class ArrayEvent : int { NorthFirst = 0, NorthLast, WestFirst, WestLast, OutLast };

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

class ArrayEngine {
 public:
  virtual ~ArrayEngine() = default;
  virtual UnitKind unit_kind() const = 0;
  // A new layer: folds (held by the caller until end_layer) run in order.
  virtual void begin_layer(const std::vector<Fold>* folds) = 0;
  // Fold `fold` (the next one, in order) may enter from cycle avail on;
  // avail is after the current cycle.
  virtual void set_avail(std::size_t fold, std::int64_t avail) = 0;
  // After the last fold's OutLast: the layer's timing, and outputs if the
  // folds carry data.
  virtual RunResult end_layer() = 0;
};

std::unique_ptr<ArrayEngine> make_model_array(const ArrayConfig& config, ArrayEventQueue& events);
// Loads (Verilating first if needed) the RTL variant; a SystemC module.
std::unique_ptr<ArrayEngine> make_rtl_array(const char* name, const ArrayConfig& config, const CycleClock& clock,
                                            ArrayEventQueue& events, bool quiet);

}  // namespace sasim::sysc
