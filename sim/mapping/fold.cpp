#include "sasim/mapping/fold.hpp"

#include "sasim/config/array_config.hpp"

namespace sasim {

bool FoldTiming::operator==(const FoldTiming& o) const {
  return north_first == o.north_first && north_last == o.north_last && west_first == o.west_first &&
         west_last == o.west_last && out_first == o.out_first && out_last == o.out_last;
}

int output_beats(const ArrayConfig& config, const Fold& fold) {
  return config.dataflow == Dataflow::OS ? config.rows : fold.west_beats;
}

}  // namespace sasim
