#include "sasim/mapping/fold.hpp"

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/dataflow.hpp"

namespace sasim {

bool FoldTiming::operator==(const FoldTiming& o) const {
  return north_first == o.north_first && north_last == o.north_last && west_first == o.west_first &&
         west_last == o.west_last && out_first == o.out_first && out_last == o.out_last;
}

int output_beats(const ArrayConfig& config, const Fold& fold) {
  // WS/IS: one output beat per streamed beat; OS drains its tile row by row.
  return dataflow_traits(config.dataflow).has_stationary ? fold.west_beats : config.rows;
}

}  // namespace sasim
