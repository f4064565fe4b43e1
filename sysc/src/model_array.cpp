// The C++ model in the platform: the FoldTimer recurrence gives each fold's
// timing as soon as its avail cycle is known; the events are posted ahead
// and delivered when they happen. Outputs come from the model unit's
// arithmetic once the layer is done (they do not depend on timing).
#include "sasim/sysc/platform_array.hpp"
#include "sasim/unit/fold_timer.hpp"
#include "sasim/unit/matrix_unit.hpp"

#include <stdexcept>

namespace sasim::sysc {
namespace {

class ModelArray final : public PlatformArray {
 public:
  ModelArray(const ArrayConfig& config, ArrayEventQueue& events) : config_(config), events_(events), timer_(config) {}

  void begin_layer(const std::vector<Fold>* folds) override {
    folds_ = folds;
    timer_ = FoldTimer(config_);  // the unit is drained between layers: same as from reset
    timing_.clear();
    avail_.clear();
  }

  void set_avail(std::size_t fold, std::int64_t avail) override {
    if (fold != timing_.size()) throw std::logic_error("ModelArray: folds out of order");
    const Fold& f = (*folds_)[fold];
    const FoldTiming t = timer_.next(avail, f.north_beats, f.west_beats);
    timing_.push_back(t);
    avail_.push_back(avail);
    if (config_.dataflow != Dataflow::OS) {
      events_.post(t.north_first, fold, ArrayEvent::NorthFirst);
      events_.post(t.north_last, fold, ArrayEvent::NorthLast);
    }
    events_.post(t.west_first, fold, ArrayEvent::WestFirst);
    events_.post(t.west_last, fold, ArrayEvent::WestLast);
    events_.post(t.out_last, fold, ArrayEvent::OutLast);
  }

  RunResult end_layer() override {
    RunResult result;
    const bool with_data = !folds_->empty() && !folds_->front().west.empty();
    if (with_data) {
      std::vector<Fold> folds = *folds_;
      for (std::size_t i = 0; i < folds.size(); ++i) folds[i].avail = avail_[i];
      result = make_model_unit(config_)->run(folds);
      if (result.timing != timing_) throw std::logic_error("ModelArray: the model unit disagrees with the FoldTimer");
    } else {
      result.timing = timing_;
      if (!timing_.empty()) result.total_cycles = timing_.back().out_last + 1;
    }
    return result;
  }

 private:
  ArrayConfig config_;
  ArrayEventQueue& events_;
  FoldTimer timer_;
  const std::vector<Fold>* folds_ = nullptr;
  std::vector<FoldTiming> timing_;
  std::vector<std::int64_t> avail_;
};

}  // namespace

std::unique_ptr<PlatformArray> make_model_array(const ArrayConfig& config, ArrayEventQueue& events) {
  return std::make_unique<ModelArray>(config, events);
}

}  // namespace sasim::sysc
